// Resolve the configuration of one command: config_paths files < env.yaml < command line, then check it.
import { resolve } from 'node:path';
import { applyCliOverrides, cliOrigin } from './apply-cli-overrides.ts';
import { applyConfigDirectives } from './config-directives.ts';
import { loadConfigFiles, readConfigPaths } from './config-paths.ts';
import { interpolateTree } from './interpolate.ts';
import { loadYamlFile } from './load-yaml-file.ts';
import { forgetOrigins, mergeLayers } from './merge-layers.ts';
import { findMissingLeaves, fromUnsetReferences, throwIfMissing } from './missing-values.ts';
import { parseCliOverrides, type Override } from './parse-cli-overrides.ts';
import { readExtraRoots } from './extra-roots.ts';
import { displayPath, findInputPath, packageRoot } from './paths.ts';
import { checkServerConfigs } from './server-config-check.ts';
import { discoverServers } from './server-instances.ts';
import { isPlainObject } from './tree.ts';
import type { ConfigLayer, ResolvedConfig } from './types.ts';

export type { ConfigLayer, ResolvedConfig, ServerInstance } from './types.ts';
export { SERVER_KINDS, isServerKind, type ServerKind } from './server-kinds.ts';

export interface ResolveConfigOptions {
  /** Command-line arguments after the command name (the overrides). */
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const DEFAULT_HEAD_SERVER = { host: '127.0.0.1', port: 11000 } as const;

const EMPTY_LAYER: ConfigLayer = { tree: {}, origins: new Map() };

/** The first env.yaml of the extra roots, the working directory, the package root (NeMo Gym's order), or an empty layer. */
function loadEnvYaml(cwd: string, extraRoots: readonly string[]): ConfigLayer {
  const path = findInputPath('env.yaml', { cwd, extraRoots });
  return path === undefined ? EMPTY_LAYER : loadYamlFile(path, displayPath(path, cwd));
}

/** The config_paths in effect: env.yaml's, changed by any command-line override of config_paths. */
function effectiveConfigPaths(envLayer: ConfigLayer, overrides: readonly Override[]): ConfigLayer {
  const base: ConfigLayer = { tree: {}, origins: new Map() };
  if (envLayer.tree.config_paths !== undefined) {
    base.tree.config_paths = envLayer.tree.config_paths;
    for (const [key, origin] of envLayer.origins) if (key.startsWith('config_paths')) base.origins.set(key, origin);
  }
  return applyCliOverrides(base, overrides.filter((override) => override.path[0] === 'config_paths'));
}

/** Fill head_server's host and port where unset; their origin is "default". */
function applyHeadServerDefaults(tree: Record<string, unknown>, origins: Map<string, string>): void {
  const current = isPlainObject(tree.head_server) ? { ...tree.head_server } : {};
  if (!isPlainObject(tree.head_server)) forgetOrigins(origins, 'head_server');
  for (const [key, value] of Object.entries(DEFAULT_HEAD_SERVER)) {
    if (current[key] === undefined || current[key] === null || current[key] === '') {
      current[key] = value;
      origins.set(`head_server.${key}`, 'default');
    }
  }
  if (!origins.has('head_server')) origins.set('head_server', 'default');
  tree.head_server = current;
}

/** Merge, interpolate and validate the configuration; throws ConfigError naming key, origin and fix. */
export async function resolveConfig({ argv, cwd: givenCwd, env }: ResolveConfigOptions): Promise<ResolvedConfig> {
  const cwd = resolve(givenCwd);
  const overrides = parseCliOverrides(argv);
  const extraRoots = readExtraRoots(overrides, cwd, env);
  const envLayer = loadEnvYaml(cwd, extraRoots);

  const pathsLayer = effectiveConfigPaths(envLayer, overrides);
  const entries = readConfigPaths(pathsLayer.tree.config_paths, pathsLayer.origins.get('config_paths'));
  const files = loadConfigFiles(entries, {
    cwd,
    extraRoots,
    entriesSource: (index) => pathsLayer.origins.get(`config_paths[${index}]`) ?? pathsLayer.origins.get('config_paths'),
  });

  const envWithoutPaths: ConfigLayer = { tree: { ...envLayer.tree }, origins: new Map(envLayer.origins) };
  delete envWithoutPaths.tree.config_paths;
  forgetOrigins(envWithoutPaths.origins, 'config_paths');

  const merged = [...files.layers, envWithoutPaths].reduce(mergeLayers, EMPTY_LAYER);
  const withCli = applyCliOverrides(merged, overrides.filter((override) => override.path[0] !== 'config_paths'));

  const origins = new Map(withCli.origins);
  let rawTree = withCli.tree;
  if (files.entries.length > 0) {
    rawTree = { config_paths: files.entries, ...rawTree };
    forgetOrigins(origins, 'config_paths');
    const pathsOrigin = pathsLayer.origins.get('config_paths');
    if (pathsOrigin) origins.set('config_paths', pathsOrigin);
    files.entries.forEach((_, index) => {
      const origin = pathsLayer.origins.get(`config_paths[${index}]`) ?? pathsOrigin;
      if (origin) origins.set(`config_paths[${index}]`, origin);
    });
  }

  // NeMo Gym's _inherit_from / _copy / _delete_key, then interpolation, then what is still unset (NeMo Gym's order).
  const directed = applyConfigDirectives({ tree: rawTree, origins });
  rawTree = directed.tree;
  origins.clear();
  for (const [key, origin] of directed.origins) origins.set(key, origin);
  const interpolated = interpolateTree(rawTree, origins, env);
  throwIfMissing([...findMissingLeaves(rawTree, origins), ...fromUnsetReferences(interpolated.unset)]);

  const tree = interpolated.tree;
  applyHeadServerDefaults(tree, origins);
  const servers = discoverServers(tree, origins, { cwd, extraRoots });
  await checkServerConfigs(servers, origins);
  return { tree, origins, servers, cwd, packageRoot, extraRoots, interpolatedKeys: interpolated.referencedTopLevelKeys,
    references: interpolated.references,
  };
}

export { cliOrigin };
