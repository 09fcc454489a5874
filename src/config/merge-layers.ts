// Layer merging with OmegaConf's rules (SPEC 1.4), keeping the origin of whichever layer's value wins.
import { deepmergeCustom } from 'deepmerge-ts';
import { ConfigError } from '../errors.ts';
import type { ConfigLayer } from './types.ts';
import { formatPath, isAtOrBelow, isPlainObject, MISSING, type PathSegment } from './tree.ts';

/** Maps merge key by key, lists and scalars are replaced, and a `???` never replaces a set value. */
const mergeValues = deepmergeCustom({
  mergeArrays: (values) => values.at(-1),
  mergeOthers: (values) => {
    const last = values.at(-1);
    if (last === MISSING && values.length > 1) return values.at(-2);
    return last;
  },
});

/** A mapping merged into a list or a list into a mapping: OmegaConf refuses it ("Cannot merge DictConfig with ListConfig"). */
export class MergeConflict extends ConfigError {
  readonly path: string;

  constructor(path: string, current: unknown, currentOrigin: string | undefined, incomingOrigin: string | undefined) {
    const [was, now] = Array.isArray(current) ? ['a list', 'a mapping'] : ['a mapping', 'a list'];
    super(`'${path}' is ${was}${currentOrigin ? ` at ${currentOrigin}` : ''} and ${now}${incomingOrigin ? ` at ${incomingOrigin}` : ''}; OmegaConf cannot merge one into the other`, {
      code: 'RG_CONFIG_FILE',
      key: path,
      source: incomingOrigin,
      hint: `make both ${was === 'a list' ? 'lists' : 'mappings'}, or rename one of them (a later file cannot change a key's kind)`,
    });
    this.path = path;
  }
}

/** True when `incoming` merged over `current` replaces it instead of merging into it. */
function replaces(current: unknown, incoming: unknown): boolean {
  if (incoming === MISSING && current !== undefined) return false;
  return !(isPlainObject(current) && isPlainObject(incoming));
}

/** Drop every origin at or below `dotted`. */
export function forgetOrigins(origins: Map<string, string>, dotted: string): void {
  for (const key of [...origins.keys()]) if (isAtOrBelow(key, dotted)) origins.delete(key);
}

/** Copy the origins a layer holds at or below `dotted`. */
function adoptOrigins(target: Map<string, string>, source: ReadonlyMap<string, string>, dotted: string): void {
  for (const [key, origin] of source) if (isAtOrBelow(key, dotted)) target.set(key, origin);
}

function mergeOrigins(
  current: unknown,
  incoming: unknown,
  path: PathSegment[],
  origins: Map<string, string>,
  incomingOrigins: ReadonlyMap<string, string>,
): void {
  const dotted = formatPath(path);
  if ((isPlainObject(current) && Array.isArray(incoming)) || (Array.isArray(current) && isPlainObject(incoming))) {
    throw new MergeConflict(dotted, current, origins.get(dotted), incomingOrigins.get(dotted));
  }
  if (replaces(current, incoming)) {
    forgetOrigins(origins, dotted);
    adoptOrigins(origins, incomingOrigins, dotted);
    return;
  }
  if (!isPlainObject(current) || !isPlainObject(incoming)) return;
  if (dotted !== '' && !origins.has(dotted)) {
    const origin = incomingOrigins.get(dotted);
    if (origin !== undefined) origins.set(dotted, origin);
  }
  for (const [key, value] of Object.entries(incoming)) {
    mergeOrigins(current[key], value, [...path, key], origins, incomingOrigins);
  }
}

/** Merge `incoming` over `base` (later wins); neither argument is modified. */
export function mergeLayers(base: ConfigLayer, incoming: ConfigLayer): ConfigLayer {
  const origins = new Map(base.origins);
  mergeOrigins(base.tree, incoming.tree, [], origins, incoming.origins);
  const tree = mergeValues(structuredClone(base.tree), structuredClone(incoming.tree)) as Record<string, unknown>;
  return { tree, origins };
}

/** Merge `value` into `base` at `path`, as if it came from a layer holding only that key. */
export function mergeAt(base: ConfigLayer, path: readonly PathSegment[], value: unknown, origin: string): ConfigLayer {
  const incomingTree: Record<string, unknown> = {};
  let node = incomingTree;
  path.slice(0, -1).forEach((segment) => {
    const next: Record<string, unknown> = {};
    node[String(segment)] = next;
    node = next;
  });
  node[String(path.at(-1))] = value;
  const incomingOrigins = new Map<string, string>();
  // Every node the override creates (the key itself and anything inside its value) comes from it.
  const dotted = formatPath(path);
  incomingOrigins.set(dotted, origin);
  collectPaths(value, [...path], (p) => incomingOrigins.set(formatPath(p), origin));
  return mergeLayers(base, { tree: incomingTree, origins: incomingOrigins });
}

function collectPaths(value: unknown, path: PathSegment[], visit: (path: PathSegment[]) => void): void {
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      visit([...path, key]);
      collectPaths(child, [...path, key], visit);
    }
  } else if (Array.isArray(value)) {
    value.forEach((child, index) => {
      visit([...path, index]);
      collectPaths(child, [...path, index], visit);
    });
  }
}
