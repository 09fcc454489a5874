// Extra roots searched before the working directory for config files, env.yaml, server folders and data:
// `+extra_roots=[dir,...]` (NeMo Gym's `--search-dir`) ahead of the NEMO_GYM_EXTRA_ROOTS variable.
import { statSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import { applyCliOverrides } from './apply-cli-overrides.ts';
import type { Override } from './parse-cli-overrides.ts';
import { extraRootsFromEnv } from './paths.ts';

export const EXTRA_ROOTS_KEY = 'extra_roots';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The extra roots in effect, absolute, in search order: the command line's, then NEMO_GYM_EXTRA_ROOTS's. */
export function readExtraRoots(overrides: readonly Override[], cwd: string, env: NodeJS.ProcessEnv): string[] {
  const own = overrides.filter((override) => override.path[0] === EXTRA_ROOTS_KEY);
  const layer = applyCliOverrides({ tree: {}, origins: new Map() }, own);
  const value = layer.tree[EXTRA_ROOTS_KEY];
  const origin = layer.origins.get(EXTRA_ROOTS_KEY);
  let listed: string[] = [];
  if (typeof value === 'string') listed = value.split(delimiter);
  else if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) listed = value;
  else if (value !== undefined && value !== null) {
    throw new ConfigError(`'${EXTRA_ROOTS_KEY}' must be a list of directories, got ${JSON.stringify(value)}`, {
      code: 'RG_CONFIG_OVERRIDE', key: EXTRA_ROOTS_KEY, source: origin,
      hint: `write +${EXTRA_ROOTS_KEY}=[../my_envs,/opt/envs] (or set NEMO_GYM_EXTRA_ROOTS=../my_envs${delimiter}/opt/envs)`,
    });
  }
  const roots = listed.map((entry) => entry.trim()).filter((entry) => entry !== '').map((entry) => resolve(cwd, entry));
  const missing = roots.find((root) => !isDirectory(root));
  if (missing) {
    throw new ConfigError(`extra root ${missing} is not a directory`, {
      code: 'RG_CONFIG_OVERRIDE', key: EXTRA_ROOTS_KEY, source: origin,
      hint: `check the path (relative ones are taken from ${cwd}); an extra root holds resources_servers/, responses_api_models/, configs...`,
    });
  }
  return [...new Set([...roots, ...extraRootsFromEnv(cwd, env)])];
}
