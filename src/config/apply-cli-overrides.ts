// Apply command-line overrides in order with Hydra's rules (hydra/_internal/config_loader_impl.py,
// _apply_overrides_to_config), as NeMo Gym runs Hydra: the overrides build the command line's own config, which is
// then merged over the config files and env.yaml. Where Hydra would refuse `k=v` or `~k` only because k comes from a
// file (Hydra never sees NeMo Gym's files), we apply it to the file's value: our one kindness, listed in the README.
import { ConfigError } from '../errors.ts';
import { didYouMean } from './did-you-mean.ts';
import { mergeLayers, MergeConflict } from './merge-layers.ts';
import { concretePath, deleteNode, selectAt, updateAt, UpdateError, type UpdateFailure } from './omegaconf-update.ts';
import type { Override } from './parse-cli-overrides.ts';
import { formatPath, getAt, isPlainObject, MISSING, parseDottedPath } from './tree.ts';
import type { ConfigLayer } from './types.ts';

/** The origin string of a command-line override. */
export function cliOrigin(argument: string): string {
  return `command line \`${argument}\``;
}

function fail(override: Override, message: string, hint: string, key = override.path.join('.')): never {
  throw new ConfigError(`\`${override.argument}\`: ${message}`, { code: 'RG_CONFIG_OVERRIDE', key, source: cliOrigin(override.argument), hint });
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? "''" : value;
  return JSON.stringify(value);
}

/** Python's str() of a config value, as Hydra's messages print it: None, True, [1, 'a'], {'k': 1}. */
function pyStr(value: unknown, nested = false): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return nested ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : value;
  if (Array.isArray(value)) return `[${value.map((item) => pyStr(item, true)).join(', ')}]`;
  if (isPlainObject(value)) return `{${Object.entries(value).map(([key, item]) => `${pyStr(key, true)}: ${pyStr(item, true)}`).join(', ')}}`;
  return String(value);
}

/** Python's `==` on config values: 1 == 1.0 == True, maps and lists compared by content. */
function pythonEquals(a: unknown, b: unknown): boolean {
  const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : undefined);
  if (number(a) !== undefined && number(b) !== undefined) return number(a) === number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => pythonEquals(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && pythonEquals(a[key], b[key]));
  }
  return a === b;
}

function cloneLayer(layer: ConfigLayer): ConfigLayer {
  return { tree: structuredClone(layer.tree), origins: new Map(layer.origins) };
}

/** Did-you-mean among the keys next to the last one, in the merged view. */
function suggestion(merged: ConfigLayer, override: Override): string {
  const parent = selectAt(merged.tree, override.path.slice(0, -1))?.value;
  return isPlainObject(parent) ? didYouMean(override.path.at(-1)!, Object.keys(parent)) : '';
}

/** What sets a key, for messages: "set by `+limit=5`" or "set at a.yaml:3:8". */
function setBy(origin: string | undefined): string {
  if (!origin) return '';
  return origin.startsWith('command line ') ? ` (set by ${origin.slice('command line '.length)})` : ` (set at ${origin})`;
}

/** Turn an OmegaConf failure into our error for this override. */
function updateFailed(override: Override, failure: UpdateFailure, merged: ConfigLayer): never {
  const dotted = override.path.join('.');
  const value = override.argument.slice(override.argument.indexOf('=') + 1);
  if (failure.kind === 'dict-and-list') {
    const current = getAt(merged.tree, parseDottedPath(failure.path));
    const what = Array.isArray(current) ? 'a list' : 'a mapping';
    fail(override, `'${failure.path}' is ${what}${setBy(merged.origins.get(failure.path))}; a ${what === 'a list' ? 'mapping' : 'list'} cannot be merged into it (OmegaConf: Cannot merge DictConfig with ListConfig)`,
      `delete it first (~${failure.path}) then add the new value, or give ${what === 'a list' ? 'a list [a,b] to replace the list' : 'a mapping {k: v} to merge into it'}`, failure.path);
  }
  if (failure.kind === 'bad-index') {
    fail(override, `'${failure.path}' is not an element of a list here (list indices are 0, 1, ...)`, 'check the index: ng_dump_config shows the list', failure.path);
  }
  if (failure.path !== dotted) {
    const segments = parseDottedPath(failure.path);
    const parent = getAt(merged.tree, segments.slice(0, -1));
    const close = isPlainObject(parent) ? didYouMean(String(segments.at(-1)), Object.keys(parent)) : '';
    fail(override, `'${failure.path}' is not set by any config file, env.yaml or earlier override, so \`${override.argument.split('=')[0]}=...\` cannot add it (Hydra: Could not override '${dotted}'.)`,
      `${close ? `${close[0]!.toUpperCase()}${close.slice(1)} ` : ''}To add keys, write +${dotted}=${value}`, failure.path);
  }
  const hint = suggestion(merged, override);
  fail(override, `'${dotted}' is not set by any config file, env.yaml or earlier override, so there is nothing to override (Hydra: Could not override '${dotted}'.)`,
    `${hint ? `${hint[0]!.toUpperCase()}${hint.slice(1)} ` : ''}To add the key, write +${dotted}=${value}`);
}

/** `+k=v`: Hydra adds unless the command line already holds a non-null value at k and v is not a mapping or list. */
function add(cli: ConfigLayer, override: Override, merged: ConfigLayer): void {
  const current = selectAt(cli.tree, override.path);
  const isCollection = isPlainObject(override.value) || Array.isArray(override.value);
  if (current && current.value !== null && current.value !== MISSING && !isCollection) {
    const dotted = override.path.join('.');
    const rest = override.argument.slice(1);
    fail(override, `'${dotted}' already holds ${shown(current.value)}${setBy(cli.origins.get(formatPath(current.path)))}; \`+\` only adds (Hydra: Could not append to config. An item is already at '${dotted}'.)`,
      `to replace it write ${rest} or +${override.argument}; or keep only one of the two arguments`);
  }
  update(cli, override, true, merged);
}

function update(layer: ConfigLayer, override: Override, forceAdd: boolean, merged: ConfigLayer): void {
  try {
    updateAt(layer.tree, override.path, override.value, { forceAdd, origins: layer.origins, origin: cliOrigin(override.argument) });
  } catch (error) {
    if (error instanceof UpdateError) updateFailed(override, error.failure, merged);
    throw error;
  }
}

/** `k=v`: Hydra changes a key the command line has; our kindness: also a key a file or env.yaml has. */
function set(cli: ConfigLayer, override: Override, merged: ConfigLayer): void {
  try {
    updateAt(cloneLayer(cli).tree, override.path, override.value, { forceAdd: false, origins: new Map(), origin: '' });
  } catch (error) {
    if (!(error instanceof UpdateError) || error.failure.kind !== 'not-in-struct') {
      if (error instanceof UpdateError) updateFailed(override, error.failure, merged);
      throw error;
    }
    // Not on the command line: the same rule against the merged config (files, env.yaml and command line).
    try {
      updateAt(cloneLayer(merged).tree, override.path, override.value, { forceAdd: false, origins: new Map(), origin: '' });
    } catch (fallbackError) {
      if (fallbackError instanceof UpdateError) updateFailed(override, fallbackError.failure, merged);
      throw fallbackError;
    }
    update(cli, override, true, merged);
    return;
  }
  update(cli, override, false, merged);
}

/**
 * `~k` / `~k=v` with the rules of Hydra 1.3.2 (what `pip install hydra-core` gives NeMo Gym users): a key holding
 * null or ??? does "not exist", `~k=null` deletes whatever the value, and a list element cannot be deleted (Hydra
 * 1.3.2 crashes on it). Hydra deletes from the command line's config; our kindness: else from the files' config
 * (a file's list element included).
 */
function remove(cli: ConfigLayer, files: ConfigLayer, override: Override, merged: ConfigLayer): void {
  const dotted = override.path.join('.');
  const onCli = selectAt(cli.tree, override.path);
  const target = onCli ? cli : files;
  const found = onCli ?? selectAt(merged.tree, override.path);
  if (!found || found.value === null || found.value === MISSING) {
    const hint = found ? `'${dotted}' is ${found.value === null ? 'null' : '???'}, which Hydra treats as absent; set it instead (${dotted}=<value>)` : suggestion(merged, override);
    fail(override, `there is no key '${dotted}' to delete (Hydra: Could not delete from config. '${dotted}' does not exist.)`, hint || 'remove this argument; ng_dump_config lists the keys');
  }
  if (onCli && typeof found.path.at(-1) === 'number') {
    const parent = override.path.slice(0, -1).join('.');
    fail(override, `'${dotted}' is a list element, and Hydra cannot delete list elements (Hydra 1.3.2 fails with: TypeError: list indices must be integers or slices, not str)`,
      `give the whole list without it instead: ${parent}=[...]`);
  }
  if (override.hasValue && override.value !== null && !pythonEquals(found.value, override.value)) {
    fail(override, `'${dotted}' is ${shown(found.value)}, not ${shown(override.value)}, so it was not deleted (Hydra: Could not delete from config. The value of '${dotted}' is ${pyStr(found.value)} and not ${pyStr(override.value)}.)`,
      `write ~${dotted} to delete it whatever its value`);
  }
  deleteNode(target.tree, onCli ? found.path : concretePath(files.tree, override.path), target.origins);
}

/** The files' config with the command line's merged over it; a mapping/list clash is this override's fault. */
function mergedView(files: ConfigLayer, cli: ConfigLayer, override?: Override): ConfigLayer {
  try {
    return mergeLayers(files, cli);
  } catch (error) {
    if (!(error instanceof MergeConflict) || !override) throw error;
    return updateFailed(override, { kind: 'dict-and-list', path: error.path }, files);
  }
}

/** Apply every override in order over `files` (config files merged with env.yaml); returns the merged result. */
export function applyCliOverrides(files: ConfigLayer, overrides: readonly Override[]): ConfigLayer {
  const fileLayer = cloneLayer(files);
  let cli: ConfigLayer = { tree: {}, origins: new Map() };
  let merged = mergedView(fileLayer, cli);
  for (const override of overrides) {
    const nextCli = cloneLayer(cli);
    if (override.operation === 'delete') remove(nextCli, fileLayer, override, merged);
    else if (override.operation === 'add') add(nextCli, override, merged);
    else if (override.operation === 'force') update(nextCli, override, true, merged);
    else set(nextCli, override, merged);
    merged = mergedView(fileLayer, nextCli, override);
    cli = nextCli;
  }
  return merged;
}
