// Where relative paths in configs and overrides point: the working directory first, then the package root.
import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.ts';

/** The rollout-gym checkout or install root (the folder holding package.json). */
export const packageRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/[/\\]$/, '');

export interface PathRootsOptions {
  cwd: string;
  /** Read for `NEMO_GYM_EXTRA_ROOTS` (`:`-separated roots searched before the cwd). */
  env?: NodeJS.ProcessEnv;
  /** The extra roots in effect (ResolvedConfig.extraRoots: `+extra_roots` then NEMO_GYM_EXTRA_ROOTS); replaces `env`'s. */
  extraRoots?: readonly string[];
}

/** The `NEMO_GYM_EXTRA_ROOTS` entries, absolute (relative ones are taken from the cwd, as NeMo Gym does). */
export function extraRootsFromEnv(cwd: string, env: NodeJS.ProcessEnv | undefined): string[] {
  return (env?.NEMO_GYM_EXTRA_ROOTS ?? '').split(delimiter).filter((root) => root.trim() !== '').map((root) => resolve(cwd, root));
}

/** Search roots in priority order: the extra roots, the cwd, the package root (deduplicated), as NeMo Gym's component_search_roots. */
export function searchRoots({ cwd, env, extraRoots }: PathRootsOptions): string[] {
  const extra = extraRoots ?? extraRootsFromEnv(cwd, env);
  return [...new Set([...extra.map((root) => resolve(cwd, root)), resolve(cwd), packageRoot])];
}

/** Every place a relative path may live, in search order (an absolute path is its only candidate). */
export function candidatePaths(path: string, options: PathRootsOptions): string[] {
  if (isAbsolute(path)) return [path];
  return searchRoots(options).map((root) => resolve(root, path));
}

/** The first existing candidate for `path`, or undefined. */
export function findInputPath(path: string, options: PathRootsOptions): string | undefined {
  return candidatePaths(path, options).find((candidate) => existsSync(candidate));
}

/** Resolve an input path (extra roots, cwd, then package root); throws ConfigError listing where it looked. */
export function resolveInputPath(
  path: string,
  options: PathRootsOptions & { key?: string; source?: string; what?: string },
): string {
  const found = findInputPath(path, options);
  if (found !== undefined) return found;
  const looked = candidatePaths(path, options).map((candidate) => `  - ${candidate}`);
  const what = options.what ?? 'file';
  const where = options.key ? ` (${options.key}${options.source ? `, set at ${options.source}` : ''})` : '';
  throw new ConfigError(`${what} '${path}'${where} was not found. Looked in:\n${looked.join('\n')}`, {
    code: 'RG_CONFIG_FILE',
    key: options.key,
    source: options.source,
    hint: 'check the spelling; a relative path is taken from the extra roots (+extra_roots, NEMO_GYM_EXTRA_ROOTS), the working directory, then the rollout-gym folder',
  });
}

/** Show a file path relative to the cwd when it lies inside it, else absolute. */
export function displayPath(absolutePath: string, cwd: string): string {
  const base = resolve(cwd);
  return absolutePath.startsWith(`${base}/`) ? absolutePath.slice(base.length + 1) : absolutePath;
}
