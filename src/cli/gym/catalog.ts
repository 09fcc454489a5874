// What `gym list` shows: every component under the search roots, read from its config files (never started).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot, searchRoots, type PathRootsOptions } from '../../config/paths.ts';
import { componentConfigs, componentDirs, readRawConfig, serverBlocksOf, subdirectories, type ServerBlock } from './components.ts';

export type ListKind = 'environments' | 'agents' | 'models' | 'resources-servers';

export interface DatasetInfo {
  name: string;
  type: string;
  jsonl_fpath?: string;
}

export interface CatalogEntry {
  name: string;
  /** environment | benchmark | agent | model | resources_server */
  kind: string;
  domain: string | null;
  description: string | null;
  datasets: DatasetInfo[];
  /** Agent instances the config pairs with (environments, resources servers). */
  agents: string[];
  /** The config file (or, for an agent, its directory). */
  path: string;
  root: string;
  /** Where the root comes from: `search-dir` (--search-dir / NEMO_GYM_EXTRA_ROOTS), `cwd` or `package`. */
  source: 'search-dir' | 'cwd' | 'package';
  /** Kind-specific fields, in NeMo Gym's JSON names (model_group, variants, self_contained, value). */
  extra: Record<string, unknown>;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Where an entry is: its file, its root, and what that root is. */
function placeOf(path: string, root: string, roots: PathRootsOptions): Pick<CatalogEntry, 'path' | 'root' | 'source'> {
  return { path, root, source: root === packageRoot ? 'package' : root === resolve(roots.cwd) ? 'cwd' : 'search-dir' };
}

/** The first `domain` and `description` found on any server block (NeMo Gym's read_config_metadata). */
function metadataOf(blocks: readonly ServerBlock[]): { domain: string | null; description: string | null } {
  return {
    domain: blocks.map((block) => text(block.block.domain)).find((value) => value !== null) ?? null,
    description: blocks.map((block) => text(block.block.description)).find((value) => value !== null) ?? null,
  };
}

function datasetsOf(blocks: readonly ServerBlock[]): DatasetInfo[] {
  return blocks
    .filter((block) => block.kind === 'responses_api_agents' && Array.isArray(block.block.datasets))
    .flatMap((block) => block.block.datasets as unknown[])
    .filter((dataset): dataset is Record<string, unknown> => dataset !== null && typeof dataset === 'object')
    .map((dataset) => ({ name: String(dataset.name ?? dataset.type ?? '?'), type: String(dataset.type ?? '?'), ...(typeof dataset.jsonl_fpath === 'string' ? { jsonl_fpath: dataset.jsonl_fpath } : {}) }));
}

/** The leading `# ...` comment of a YAML file, as one line (our model configs describe themselves there). */
function leadingComment(path: string): string | null {
  try {
    const lines: string[] = [];
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.startsWith('#')) break;
      lines.push(line.replace(/^#\s?/, ''));
    }
    return text(lines.join(' ').split(/(?<=\.)\s/)[0]);
  } catch {
    return null;
  }
}

function resourcesServerConfigs(kind: string, roots: PathRootsOptions, requireAgent: boolean): CatalogEntry[] {
  return componentConfigs('resources_servers', roots).flatMap((config) => {
    const blocks = serverBlocksOf(readRawConfig(config.path));
    const servers = blocks.filter((block) => block.kind === 'resources_servers');
    const agents = blocks.filter((block) => block.kind === 'responses_api_agents');
    if (servers.length === 0 || (requireAgent && agents.length === 0)) return [];
    const value = servers.map((block) => text(block.block.value)).find((found) => found !== null);
    return [{
      name: config.name,
      kind,
      ...metadataOf(blocks),
      datasets: datasetsOf(blocks),
      agents: agents.map((block) => block.instance),
      ...placeOf(config.path, config.root, roots),
      extra: value ? { value } : {},
    }];
  });
}

/** NeMo Gym's `environments/<name>/config.yaml` and `benchmarks/<name>/config.yaml`, when a root has them. */
function workloadConfigs(roots: PathRootsOptions): CatalogEntry[] {
  const found = new Map<string, CatalogEntry>();
  for (const root of searchRoots(roots)) {
    for (const [folder, kind] of [['environments', 'environment'], ['benchmarks', 'benchmark']] as const) {
      for (const dir of subdirectories(join(root, folder))) {
        const path = join(root, folder, dir, 'config.yaml');
        if (found.has(dir) || !existsSync(path)) continue;
        const blocks = serverBlocksOf(readRawConfig(path));
        found.set(dir, { name: dir, kind, ...metadataOf(blocks), datasets: datasetsOf(blocks), agents: blocks.filter((b) => b.kind === 'responses_api_agents').map((b) => b.instance), ...placeOf(path, root, roots), extra: {} });
      }
    }
  }
  return [...found.values()];
}

function agentEntries(roots: PathRootsOptions): CatalogEntry[] {
  const configs = componentConfigs('responses_api_agents', roots);
  return componentDirs('responses_api_agents', roots).flatMap((dir) => {
    const variants = configs.filter((config) => config.dirName === dir.name && config.root === dir.root);
    const blocks = variants.flatMap((config) => serverBlocksOf(readRawConfig(config.path))).filter((block) => block.kind === 'responses_api_agents');
    const hasEntrypoint = ['app.ts', 'app.js', 'app.mjs', 'app.py'].some((file) => existsSync(join(dir.dir, file)));
    if (blocks.length === 0 && !hasEntrypoint) return [];
    const composable = blocks.some((block) => 'resources_server' in block.block) && !blocks.some((block) => 'agent_framework' in block.block);
    const selfContained = blocks.length > 0 && !composable;
    return [{
      name: dir.name,
      kind: 'agent',
      ...metadataOf(blocks),
      datasets: datasetsOf(blocks),
      agents: [],
      ...placeOf(dir.dir, dir.root, roots),
      extra: { pattern: selfContained ? 'B (self-contained)' : 'A (composable)', self_contained: selfContained, variants: variants.map((config) => config.flavor) },
    }];
  });
}

function modelEntries(roots: PathRootsOptions): CatalogEntry[] {
  return componentConfigs('responses_api_models', roots).map((config) => {
    const blocks = serverBlocksOf(readRawConfig(config.path));
    const metadata = metadataOf(blocks);
    return {
      name: config.name,
      kind: 'model',
      domain: metadata.domain,
      description: metadata.description ?? leadingComment(config.path),
      datasets: [],
      agents: [],
      ...placeOf(config.path, config.root, roots),
      extra: { model: config.name, model_group: config.dirName },
    };
  });
}

/** Every component of one `gym list` kind, in root order (a name found in an earlier root shadows later ones). */
export function catalog(kind: ListKind, roots: PathRootsOptions): CatalogEntry[] {
  switch (kind) {
    case 'resources-servers':
      return resourcesServerConfigs('resources_server', roots, false);
    case 'environments':
      return [...resourcesServerConfigs('environment', roots, true), ...workloadConfigs(roots)];
    case 'agents':
      return agentEntries(roots);
    case 'models':
      return modelEntries(roots);
  }
}
