// OmegaConf's select / update / delete on plain config trees, as Hydra's override rules use them (omegaconf 2.3:
// OmegaConf.select, OmegaConf.update(merge=True), BaseContainer.merge_with), keeping each node's origin.
import { forgetOrigins } from './merge-layers.ts';
import { formatPath, isPlainObject, MISSING, type ConfigTree, type PathSegment } from './tree.ts';

/** Why an update failed, in OmegaConf's terms. */
export type UpdateFailure =
  /** A key that is not there, written without force_add on a struct config (Hydra: "Could not override"). */
  | { kind: 'not-in-struct'; path: string }
  /** A mapping merged into a list or a list into a mapping ("Cannot merge DictConfig with ListConfig"). */
  | { kind: 'dict-and-list'; path: string }
  /** A list index that is not a number or is out of range. */
  | { kind: 'bad-index'; path: string };

export class UpdateError extends Error {
  readonly failure: UpdateFailure;

  constructor(failure: UpdateFailure) {
    super(`${failure.kind} at '${failure.path}'`);
    this.failure = failure;
  }
}

const isContainer = (value: unknown): value is ConfigTree | unknown[] => isPlainObject(value) || Array.isArray(value);

/** The concrete step for `key` inside `container`: a list index (number) or a map key; undefined when impossible. */
function stepInto(container: unknown, key: string): PathSegment | undefined {
  if (Array.isArray(container)) return /^\d+$/.test(key) ? Number(key) : undefined;
  return isPlainObject(container) ? key : undefined;
}

function childOf(container: unknown, step: PathSegment): unknown {
  if (Array.isArray(container)) return typeof step === 'number' ? container[step] : undefined;
  return isPlainObject(container) && Object.hasOwn(container, step) ? container[step as string] : undefined;
}

function hasChild(container: unknown, step: PathSegment): boolean {
  if (Array.isArray(container)) return typeof step === 'number' && step < container.length;
  return isPlainObject(container) && Object.hasOwn(container, step);
}

export interface Selected {
  /** The concrete path (list indices as numbers). */
  path: PathSegment[];
  value: unknown;
}

/** OmegaConf.select: the node at a dotted key, or undefined when a step is missing or not a container. */
export function selectAt(tree: unknown, keys: readonly string[]): Selected | undefined {
  let node: unknown = tree;
  const path: PathSegment[] = [];
  for (const key of keys) {
    const step = stepInto(node, key);
    if (step === undefined || !hasChild(node, step)) return undefined;
    node = childOf(node, step);
    path.push(step);
  }
  return { path, value: node };
}

/** The concrete path of a dotted key as far as it exists, the rest as written (for origins and messages). */
export function concretePath(tree: unknown, keys: readonly string[]): PathSegment[] {
  let node: unknown = tree;
  return keys.map((key) => {
    const step = stepInto(node, key) ?? key;
    node = childOf(node, step);
    return step;
  });
}

/** Record `origin` for `path` and every node inside `value`. */
function claimOrigins(origins: Map<string, string>, path: PathSegment[], value: unknown, origin: string): void {
  origins.set(formatPath(path), origin);
  if (isPlainObject(value)) for (const [key, child] of Object.entries(value)) claimOrigins(origins, [...path, key], child, origin);
  else if (Array.isArray(value)) value.forEach((child, index) => claimOrigins(origins, [...path, index], child, origin));
}

/** Put `value` at `container[step]`, replacing what was there (and its origins). */
function assign(container: ConfigTree | unknown[], step: PathSegment, path: PathSegment[], value: unknown, origins: Map<string, string>, origin: string): void {
  forgetOrigins(origins, formatPath(path));
  (container as Record<PathSegment, unknown>)[step] = structuredClone(value);
  claimOrigins(origins, path, value, origin);
}

/**
 * BaseContainer.merge_with for plain data: maps merge key by key, a list replaces a list's content, `???` never
 * replaces a value; a mapping into a list (or the reverse) fails. `struct` refuses keys the destination lacks.
 */
function mergeInto(destination: ConfigTree | unknown[], source: ConfigTree | unknown[], path: PathSegment[], struct: boolean, origins: Map<string, string>, origin: string): void {
  if (Array.isArray(destination) !== Array.isArray(source)) throw new UpdateError({ kind: 'dict-and-list', path: formatPath(path) });
  if (Array.isArray(destination)) {
    forgetOrigins(origins, formatPath(path));
    destination.splice(0, destination.length, ...structuredClone(source as unknown[]));
    claimOrigins(origins, path, destination, origin);
    return;
  }
  origins.set(formatPath(path), origins.get(formatPath(path)) ?? origin);
  for (const [key, value] of Object.entries(source as ConfigTree)) {
    const childPath = [...path, key];
    if (!Object.hasOwn(destination, key)) {
      if (struct) throw new UpdateError({ kind: 'not-in-struct', path: formatPath(childPath) });
      assign(destination, key, childPath, value, origins, origin);
      continue;
    }
    const current = destination[key];
    if (value === MISSING) continue;
    if (isContainer(current) && isContainer(value)) mergeInto(current, value, childPath, struct, origins, origin);
    else assign(destination, key, childPath, value, origins, origin);
  }
}

export interface UpdateOptions {
  /** Hydra's force_add (`+k=v`, `++k=v`): create what is missing; without it the tree is a struct config. */
  forceAdd: boolean;
  origins: Map<string, string>;
  origin: string;
}

/** OmegaConf.update(tree, key, value, merge=True, force_add): mutates `tree`; throws UpdateError. */
export function updateAt(tree: ConfigTree, keys: readonly string[], value: unknown, { forceAdd, origins, origin }: UpdateOptions): void {
  let node: ConfigTree | unknown[] = tree;
  const path: PathSegment[] = [];
  for (const key of keys.slice(0, -1)) {
    const step = stepInto(node, key);
    if (step === undefined) throw new UpdateError({ kind: 'bad-index', path: formatPath([...path, key]) });
    path.push(step);
    let next = childOf(node, step);
    if (!isContainer(next)) {
      // A scalar (or nothing) on the way is replaced by an empty map; a struct config only allows that for a key it has.
      if (!forceAdd && !hasChild(node, step)) throw new UpdateError({ kind: 'not-in-struct', path: formatPath(path) });
      if (Array.isArray(node) && !hasChild(node, step)) throw new UpdateError({ kind: 'bad-index', path: formatPath(path) });
      next = {};
      assign(node, step, path, next, origins, origin);
      next = childOf(node, step);
    }
    node = next as ConfigTree | unknown[];
  }
  const last = keys.at(-1)!;
  const step = stepInto(node, last);
  if (step === undefined) throw new UpdateError({ kind: 'bad-index', path: formatPath([...path, last]) });
  const target = [...path, step];
  const current = childOf(node, step);
  if (isContainer(value) && isContainer(current)) {
    // The node itself and what it holds: struct unless force_add (which lifts struct from the parent down).
    mergeInto(current, value, target, !forceAdd, origins, origin);
    return;
  }
  if (!hasChild(node, step)) {
    if (Array.isArray(node)) throw new UpdateError({ kind: 'bad-index', path: formatPath(target) });
    if (!forceAdd) throw new UpdateError({ kind: 'not-in-struct', path: formatPath(target) });
  }
  assign(node, step, target, value, origins, origin);
}

/** Remove the node at a concrete path (a list element shifts the rest, as `del list[i]`), with its origins. */
export function deleteNode(tree: ConfigTree, path: readonly PathSegment[], origins: Map<string, string>): void {
  const parentPath = path.slice(0, -1);
  let parent: unknown = tree;
  for (const step of parentPath) parent = childOf(parent, step);
  const last = path.at(-1)!;
  if (Array.isArray(parent) && typeof last === 'number') {
    parent.splice(last, 1);
    // Origins of later elements move down by one.
    const prefix = formatPath(parentPath);
    const moved = new Map<string, string>();
    for (const [key, origin] of [...origins]) {
      const match = key.startsWith(`${prefix}[`) ? /^\[(\d+)\](.*)$/.exec(key.slice(prefix.length)) : null;
      if (!match) continue;
      origins.delete(key);
      const index = Number(match[1]);
      if (index < last) moved.set(key, origin);
      else if (index > last) moved.set(`${prefix}[${index - 1}]${match[2]}`, origin);
    }
    for (const [key, origin] of moved) origins.set(key, origin);
    return;
  }
  delete (parent as ConfigTree)[last as string];
  forgetOrigins(origins, formatPath(path));
}
