// The components under every search root (NEMO_GYM_EXTRA_ROOTS / --search-dir, the cwd, the package): server
// directories and their config flavors, named as NeMo Gym names them (`<dir>` or `<dir>/<flavor>`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { searchRoots, type PathRootsOptions } from '../../config/paths.ts';
import type { ServerKind } from '../../config/server-kinds.ts';
import { isPlainObject } from '../../config/tree.ts';

export interface ComponentDir {
  /** The directory name, e.g. `example_simple_weather`. */
  name: string;
  dir: string;
  root: string;
}

export interface ComponentConfig {
  /** `<dir>` for the flavor named after its directory, else `<dir>/<flavor>` (NeMo Gym's selector names). */
  name: string;
  dirName: string;
  flavor: string;
  /** Absolute path of the YAML file. */
  path: string;
  /** The path as a config_paths entry: `<kind>/<dir>/configs/<flavor>.yaml`, found under `root`. */
  relativePath: string;
  root: string;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function sortedEntries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The names of the folders in `parent`, sorted (none when it does not exist). */
export function subdirectories(parent: string): string[] {
  return sortedEntries(parent).filter((name) => !name.startsWith('.') && name !== 'node_modules' && isDirectory(join(parent, name)));
}

/** Every `<root>/<kind>/<name>/` directory, the first root winning for a name (user components shadow built-ins). */
export function componentDirs(kind: ServerKind, roots: PathRootsOptions): ComponentDir[] {
  const found = new Map<string, ComponentDir>();
  for (const root of searchRoots(roots)) {
    const parent = join(root, kind);
    for (const name of subdirectories(parent)) {
      if (!found.has(name)) found.set(name, { name, dir: join(parent, name), root });
    }
  }
  return [...found.values()];
}

/** Every `<kind>/<dir>/configs/*.yaml`, named as NeMo Gym's registries name them; the first root wins for a name. */
export function componentConfigs(kind: ServerKind, roots: PathRootsOptions): ComponentConfig[] {
  const found = new Map<string, ComponentConfig>();
  for (const root of searchRoots(roots)) {
    const parent = join(root, kind);
    for (const dirName of sortedEntries(parent)) {
      const configsDir = join(parent, dirName, 'configs');
      for (const file of sortedEntries(configsDir)) {
        if (!/\.ya?ml$/.test(file)) continue;
        const flavor = file.replace(/\.ya?ml$/, '');
        const name = flavor === dirName ? dirName : `${dirName}/${flavor}`;
        if (found.has(name)) continue;
        const path = join(configsDir, file);
        found.set(name, { name, dirName, flavor, path, relativePath: relative(root, path), root });
      }
    }
  }
  return [...found.values()];
}

/** A config file read as plain data (no interpolation); undefined when it is missing or not YAML. */
export function readRawConfig(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const value: unknown = parse(readFileSync(path, 'utf8'));
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface ServerBlock {
  /** The top-level instance name, e.g. `simple_weather_simple_agent`. */
  instance: string;
  kind: ServerKind;
  implementation: string;
  block: Record<string, unknown>;
}

/** Every `<instance>: {<kind>: {<implementation>: {...}}}` block of a raw config. */
export function serverBlocksOf(config: Record<string, unknown> | undefined): ServerBlock[] {
  const blocks: ServerBlock[] = [];
  for (const [instance, value] of Object.entries(config ?? {})) {
    if (!isPlainObject(value)) continue;
    for (const kind of ['resources_servers', 'responses_api_agents', 'responses_api_models'] as const) {
      const implementations = value[kind];
      if (!isPlainObject(implementations)) continue;
      for (const [implementation, block] of Object.entries(implementations)) {
        if (isPlainObject(block)) blocks.push({ instance, kind, implementation, block });
      }
    }
  }
  return blocks;
}
