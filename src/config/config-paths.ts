// Load the files named by `config_paths`, following their own `config_paths`, in NeMo Gym's include order.
import { ConfigError } from '../errors.ts';
import { loadYamlFile } from './load-yaml-file.ts';
import { forgetOrigins } from './merge-layers.ts';
import { candidatePaths, displayPath, findInputPath, type PathRootsOptions } from './paths.ts';
import type { ConfigLayer } from './types.ts';

export interface LoadedConfigFiles {
  /** One layer per file, lowest precedence first (post-order of the include tree, SPEC 1.3). */
  layers: ConfigLayer[];
  /** The entries as written, in the same order. */
  entries: string[];
}

/** Read `config_paths` as a list of path strings; a comma-separated string is accepted too. */
export function readConfigPaths(value: unknown, source: string | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) {
    return value.map((entry) => entry.trim()).filter((entry) => entry !== '');
  }
  throw new ConfigError(`'config_paths' must be a list of paths. Got: ${JSON.stringify(value)}`, {
    code: 'RG_CONFIG_FILE',
    key: 'config_paths',
    source,
    hint: 'write "+config_paths=[a.yaml,b.yaml]" (quote the whole argument for the shell)',
  });
}

/** Load every file reachable from `entries`; each entry is looked up in the cwd, then the package root. */
export function loadConfigFiles(
  entries: readonly string[],
  options: PathRootsOptions & { entriesSource: (index: number) => string | undefined },
): LoadedConfigFiles {
  const layers: ConfigLayer[] = [];
  const loadedEntries: string[] = [];
  const seen = new Set<string>();

  const visit = (entry: string, source: string | undefined): void => {
    const found = findInputPath(entry, options);
    if (found === undefined) {
      const looked = candidatePaths(entry, options).map((candidate) => `  - ${candidate}`);
      throw new ConfigError(`config_paths entry '${entry}' was not found. Looked in:\n${looked.join('\n')}`, {
        code: 'RG_CONFIG_FILE',
        key: 'config_paths',
        source,
        hint: `check the spelling${source ? ` (the entry comes from ${source})` : ''}; relative paths are taken from the extra roots (+extra_roots, NEMO_GYM_EXTRA_ROOTS), the working directory, then the rollout-gym folder`,
      });
    }
    if (seen.has(found)) return;
    seen.add(found);
    const layer = loadYamlFile(found, displayPath(found, options.cwd));
    const included = readConfigPaths(layer.tree.config_paths, layer.origins.get('config_paths'));
    included.forEach((child, index) => visit(child, layer.origins.get(`config_paths[${index}]`) ?? layer.origins.get('config_paths')));
    delete layer.tree.config_paths;
    forgetOrigins(layer.origins, 'config_paths');
    layers.push(layer);
    loadedEntries.push(entry);
  };

  entries.forEach((entry, index) => visit(entry, options.entriesSource(index)));
  return { layers, entries: loadedEntries };
}
