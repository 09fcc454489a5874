// NeMo Gym's config directives (nemo_gym/global_config.py, _recursively_swap_keys), applied after merging and before
// interpolation: `key: {_inherit_from: a.b, ...own keys}` / `key: ${inherit_from:a.b}` take a.b's value (own keys win)
// and remove a.b from the config; `_copy` / `${copy:a.b}` the same without removing; `_delete_key: x, y` drops keys of
// its mapping (those only the inherited value has, after the merge). Sources are read from the config as merged,
// before any directive ran, as NeMo Gym does. Where NeMo Gym leaves a directive inside an inherited value unresolved
// (a TODO in its source), we resolve it, and report cycles.
import { ConfigError } from '../errors.ts';
import { didYouMean } from './did-you-mean.ts';
import { forgetOrigins, mergeLayers } from './merge-layers.ts';
import { formatPath, isAtOrBelow, isPlainObject, MISSING, setAt, type ConfigTree, type PathSegment } from './tree.ts';
import type { ConfigLayer } from './types.ts';

const INHERIT_KEY = '_inherit_from';
const COPY_KEY = '_copy';
const DELETE_KEY = '_delete_key';

type DirectiveKind = 'inherit' | 'copy';

interface Directive {
  kind: DirectiveKind;
  /** `_inherit_from` / `${inherit_from:...}` as written, for origins and messages. */
  written: string;
  /** Property form (`_inherit_from:` inside a mapping) or string form (`${inherit_from:a.b}`). */
  property: boolean;
  source: string[];
  /** Where the directive was written. */
  at: string | undefined;
}

interface Resolved {
  /** The source's value with its own directives applied, or MISSING when it (or a mapping on its way) is `???`. */
  value: unknown;
  /** Origins at or below the source's path. */
  origins: Map<string, string>;
}

interface State {
  frozen: ConfigTree;
  frozenOrigins: ReadonlyMap<string, string>;
  inherited: Map<string, string[]>;
  resolving: string[];
  cache: Map<string, Resolved>;
}

function at(origin: string | undefined): string {
  return origin ? ` (${origin})` : '';
}

function directiveError(message: string, key: string, source: string | undefined, hint: string): ConfigError {
  return new ConfigError(message, { code: 'RG_CONFIG', key, source, hint });
}

/** The directive a value holds, if any; wrong shapes are errors. */
function directiveOf(value: unknown, path: PathSegment[], origins: ReadonlyMap<string, string>): Directive | undefined {
  const dotted = formatPath(path);
  if (typeof value === 'string') {
    const match = /^\$\{(inherit_from|copy):([^}]*)\}$/.exec(value.trim());
    if (!match) return undefined;
    const source = match[2]!.trim();
    return { kind: match[1] === 'copy' ? 'copy' : 'inherit', written: `\${${match[1]}:${source}}`, property: false, source: source.split('.'), at: origins.get(dotted) };
  }
  if (!isPlainObject(value)) return undefined;
  const keys = [INHERIT_KEY, COPY_KEY].filter((key) => Object.hasOwn(value, key));
  if (keys.length === 0) return undefined;
  if (keys.length === 2) {
    throw directiveError(`'${dotted}' has both _inherit_from and _copy${at(origins.get(`${dotted}._copy`))}`, dotted, origins.get(`${dotted}._copy`),
      'keep one: _inherit_from takes the value and removes the original, _copy takes a copy and keeps it');
  }
  const key = keys[0]!;
  const source = value[key];
  const where = origins.get(`${dotted}.${key}`);
  if (typeof source !== 'string' || source.trim() === '') {
    throw directiveError(`'${dotted}.${key}' must name a config key, got ${JSON.stringify(source)}${at(where)}`, `${dotted}.${key}`, where,
      `write the dotted name of the key to take the value from, e.g. \`${key}: policy_model\``);
  }
  return { kind: key === COPY_KEY ? 'copy' : 'inherit', written: key, property: true, source: source.trim().split('.'), at: where };
}

/** Read `_delete_key: a, b` from a mapping (and remove it): the keys to delete. */
function takeDeleteKeys(mapping: ConfigTree, path: PathSegment[], origins: Map<string, string>): string[] {
  const dotted = `${formatPath(path)}.${DELETE_KEY}`;
  const listed = mapping[DELETE_KEY];
  if (typeof listed !== 'string') {
    throw directiveError(`'${dotted}' must be a comma-separated string of keys, got ${JSON.stringify(listed)}${at(origins.get(dotted))}`, dotted, origins.get(dotted),
      `write \`${DELETE_KEY}: key_one, key_two\` (NeMo Gym splits this string on commas)`);
  }
  delete mapping[DELETE_KEY];
  origins.delete(dotted);
  return [...new Set(listed.split(',').map((key) => key.trim()))];
}

/** Origins of `from` (and below) moved to `to`, each saying which directive brought it there. */
function rebaseOrigins(resolved: Resolved, from: string, to: string, directive: Directive): Map<string, string> {
  const verb = directive.kind === 'inherit' ? 'inherited from' : 'copied from';
  const via = `${verb} '${from}' by ${directive.written}${directive.at ? ` at ${directive.at}` : ''}`;
  const moved = new Map<string, string>();
  for (const [key, origin] of resolved.origins) moved.set(`${to}${key.slice(from.length)}`, `${origin}, ${via}`);
  if (!moved.has(to)) moved.set(to, `${directive.at ?? 'config'}, ${via}`);
  return moved;
}

/** Look `keys` up in the config as merged (lists are not walked, as in NeMo Gym); MISSING when a step is `???`. */
function lookUp(state: State, directive: Directive, holder: string): unknown {
  let node: unknown = state.frozen;
  for (const [index, key] of directive.source.entries()) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) {
      const reached = directive.source.slice(0, index).join('.');
      const candidates = isPlainObject(node) ? Object.keys(node) : [];
      const suggestion = didYouMean(key, candidates);
      throw directiveError(
        `'${holder}' ${directive.kind === 'inherit' ? 'inherits from' : 'copies'} '${directive.source.join('.')}' (${directive.written}${directive.at ? ` at ${directive.at}` : ''}), which is not in the merged config${index > 0 ? `: '${reached}' has no key '${key}'` : ''}`,
        holder,
        directive.at,
        `${suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)} ` : ''}The config that defines '${directive.source.join('.')}' must be merged too: add its file to config_paths`,
      );
    }
    node = node[key];
    if (node === MISSING) return MISSING;
  }
  return node;
}

/** The source's value with its own directives applied (cached; cycles are errors). */
function resolveSource(state: State, directive: Directive, holder: string): Resolved {
  const dotted = directive.source.join('.');
  const cached = state.cache.get(dotted);
  if (cached) return cached;
  if (state.resolving.includes(dotted)) {
    const cycle = [...state.resolving.slice(state.resolving.indexOf(dotted)), dotted];
    throw directiveError(`${directive.written} cycle: ${cycle.map((key) => `'${key}'`).join(' -> ')}${at(directive.at)}`, holder, directive.at,
      'a value cannot inherit or copy from itself or from a key inside it: point one of these directives elsewhere');
  }
  const value = lookUp(state, directive, holder);
  const origins = new Map([...state.frozenOrigins].filter(([key]) => isAtOrBelow(key, dotted)));
  if (value === MISSING) return { value: MISSING, origins };
  // Resolve the source where it stands, so its own directives (and `_delete_key`) apply first.
  state.resolving.push(dotted);
  const parent: ConfigTree = { [directive.source.at(-1)!]: structuredClone(value) };
  applyInMapping(state, parent, directive.source.slice(0, -1), origins);
  state.resolving.pop();
  const resolved = { value: parent[directive.source.at(-1)!], origins };
  state.cache.set(dotted, resolved);
  return resolved;
}

/** OmegaConf.merge(source value, own keys) at `path`: own keys win, mappings merge, lists and scalars replace. */
function mergeOwnKeys(source: unknown, sourceOrigins: Map<string, string>, own: ConfigTree, path: PathSegment[], origins: Map<string, string>): { value: unknown; origins: Map<string, string> } {
  const dotted = formatPath(path);
  const ownOrigins = new Map([...origins].filter(([key]) => isAtOrBelow(key, dotted)));
  const base: ConfigTree = {};
  const incoming: ConfigTree = {};
  setAt(base, path, source);
  setAt(incoming, path, own);
  const merged = mergeLayers({ tree: base, origins: sourceOrigins }, { tree: incoming, origins: ownOrigins });
  let value: unknown = merged.tree;
  for (const segment of path) value = (value as Record<PathSegment, unknown>)[segment];
  return { value, origins: new Map([...merged.origins].filter(([key]) => isAtOrBelow(key, dotted))) };
}

/** Apply the directives of every value inside `mapping` (at `path`), depth first, as NeMo Gym's helper does. */
function applyInMapping(state: State, mapping: ConfigTree, path: PathSegment[], origins: Map<string, string>): void {
  for (const [key, original] of Object.entries(mapping)) {
    const childPath = [...path, key];
    const dotted = formatPath(childPath);
    let value = original;
    // Delete first, so deleted keys are never resolved; keys only the inherited value has are deleted after the merge.
    let pendingDeletes: string[] = [];
    if (isPlainObject(value) && Object.hasOwn(value, DELETE_KEY)) {
      const own = value;
      const listed = takeDeleteKeys(own, childPath, origins);
      pendingDeletes = listed.filter((name) => !Object.hasOwn(own, name));
      for (const name of listed.filter((name) => Object.hasOwn(own, name))) {
        delete own[name];
        forgetOrigins(origins, `${dotted}.${name}`);
      }
    }
    if (isPlainObject(value)) applyInMapping(state, value, childPath, origins);
    else if (Array.isArray(value)) value.forEach((item, index) => isPlainObject(item) && applyInMapping(state, item, [...childPath, index], origins));

    const directive = directiveOf(value, childPath, origins);
    if (!directive) continue;
    const source = resolveSource(state, directive, dotted);
    const sourceDotted = directive.source.join('.');
    if (directive.kind === 'inherit') state.inherited.set(sourceDotted, directive.source);
    const brought = rebaseOrigins(source, sourceDotted, dotted, directive);
    if (source.value === MISSING) {
      // Unset at the source: the target is unset too, and reported with the other missing values.
      mapping[key] = MISSING;
      forgetOrigins(origins, dotted);
      origins.set(dotted, brought.get(dotted)!);
      continue;
    }
    if (directive.property) {
      if (!isPlainObject(source.value)) {
        throw directiveError(
          `'${dotted}' takes '${sourceDotted}' with ${directive.written}${at(directive.at)}, but '${sourceDotted}' is ${Array.isArray(source.value) ? 'a list' : JSON.stringify(source.value)}, not a mapping to merge its own keys into`,
          dotted, directive.at,
          `to take a single value write \`${key}: \${${directive.kind === 'inherit' ? 'inherit_from' : 'copy'}:${sourceDotted}}\` instead of a mapping`,
        );
      }
      const own = { ...(value as ConfigTree) };
      delete own[directive.written];
      origins.delete(`${dotted}.${directive.written}`);
      const merged = mergeOwnKeys(structuredClone(source.value), brought, own, childPath, origins);
      value = merged.value;
      forgetOrigins(origins, dotted);
      for (const [originKey, origin] of merged.origins) origins.set(originKey, origin);
    } else {
      value = structuredClone(source.value);
      forgetOrigins(origins, dotted);
      for (const [originKey, origin] of brought) origins.set(originKey, origin);
    }
    mapping[key] = value;
    for (const name of pendingDeletes) {
      const target = value as ConfigTree;
      if (!Object.hasOwn(target, name)) {
        const where = origins.get(`${dotted}`);
        const suggestion = didYouMean(name, Object.keys(target));
        throw directiveError(`'${dotted}' deletes '${name}' with _delete_key, but neither '${dotted}' nor '${sourceDotted}' (${directive.written}) has it${at(where)}`,
          `${dotted}.${DELETE_KEY}`, where, suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)}` : `remove '${name}' from _delete_key; keys there: ${Object.keys(target).join(', ')}`);
      }
      delete target[name];
      forgetOrigins(origins, `${dotted}.${name}`);
    }
  }
}

/** Remove the value at `keys` (a source of `_inherit_from`), if it is still there. */
function removeSource(tree: ConfigTree, keys: readonly string[], origins: Map<string, string>): void {
  let node: unknown = tree;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node)) return;
    node = node[key];
  }
  if (isPlainObject(node) && Object.hasOwn(node, keys.at(-1)!)) {
    delete node[keys.at(-1)!];
    forgetOrigins(origins, keys.join('.'));
  }
}

/** Apply `_inherit_from`, `${inherit_from:...}`, `_copy`, `${copy:...}` and `_delete_key` everywhere in the layer. */
export function applyConfigDirectives(layer: ConfigLayer): ConfigLayer {
  const tree = structuredClone(layer.tree);
  const origins = new Map(layer.origins);
  const state: State = { frozen: structuredClone(layer.tree), frozenOrigins: layer.origins, inherited: new Map(), resolving: [], cache: new Map() };
  applyInMapping(state, tree, [], origins);
  for (const keys of state.inherited.values()) removeSource(tree, keys, origins);
  return { tree, origins };
}
