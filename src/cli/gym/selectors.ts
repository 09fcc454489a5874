// `--model-type NAME` and `--resources-server NAME`: a component name -> its config file (or its directory),
// searched in the same roots, in the same order, as the config loader; a typo gets a did-you-mean.
import { didYouMean } from '../../config/did-you-mean.ts';
import { searchRoots, type PathRootsOptions } from '../../config/paths.ts';
import type { ServerKind } from '../../config/server-kinds.ts';
import { RolloutGymError } from '../../errors.ts';
import { componentConfigs, componentDirs } from './components.ts';

function usageError(message: string, hint: string): RolloutGymError {
  return new RolloutGymError(message, { code: 'RG_USAGE', hint, exitCode: 2 });
}

function rootsText(roots: PathRootsOptions): string {
  return searchRoots(roots).join(', ');
}

/**
 * The config_paths entry a selector names: `<kind>/<name>/configs/<flavor>.yaml` for `name/flavor`, and for a
 * bare `name` its `<name>.yaml`, or its only config when the directory has exactly one.
 */
export function selectConfig(flag: string, kind: ServerKind, value: string, roots: PathRootsOptions): string {
  const configs = componentConfigs(kind, roots);
  const exact = configs.find((config) => config.name === value);
  if (exact) return exact.relativePath;
  const [dirName, flavor] = value.split('/', 2) as [string, string | undefined];
  const ofDir = configs.filter((config) => config.dirName === dirName);
  if (flavor === undefined && ofDir.length === 1) return ofDir[0]!.relativePath;
  const candidates = ofDir.length > 0 ? ofDir.map((config) => config.name) : [...new Set(configs.flatMap((config) => [config.dirName, config.name]))];
  const suggestion = didYouMean(value, candidates);
  const what = ofDir.length > 1 && flavor === undefined ? `'${value}' has several configs` : `no config named '${value}'`;
  throw usageError(`${flag} ${value}: ${what} under ${kind}/ in ${rootsText(roots)}`, [
    suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)}` : '',
    candidates.length > 0 ? `choose one of: ${candidates.join(', ')}` : `there is no ${kind}/ folder there; add one with --search-dir DIR`,
    'or name the file itself with --config <path>',
  ].filter(Boolean).join('\n'));
}

/** The `<kind>/<name>` directory a selector names (for `env test`); did-you-mean when there is none. */
export function selectDir(flag: string, kind: ServerKind, value: string, roots: PathRootsOptions): string {
  const dirs = componentDirs(kind, roots);
  if (dirs.some((dir) => dir.name === value)) return `${kind}/${value}`;
  const names = dirs.map((dir) => dir.name);
  const suggestion = didYouMean(value, names);
  throw usageError(`${flag} ${value}: there is no ${kind}/${value}/ in ${rootsText(roots)}`, [
    suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)}` : '',
    names.length > 0 ? `choose one of: ${names.join(', ')}` : `add a search root with --search-dir DIR`,
  ].filter(Boolean).join('\n'));
}
