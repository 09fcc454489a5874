// The Python the NeMo Gym-shaped fixture runs with, and where that fixture lives. The interpreter is .ci/.venv's
// (made by `bash .ci/python-venv`: fastapi, uvicorn, omegaconf and ray from the package index), or $RG_TEST_PYTHON.
import { execa } from 'execa';
import { existsSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import type { ResolvedConfig } from '../../src/config/types.ts';
import { repoRoot } from '../helpers/cli.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

export const fixtureRoot = fileURLToPath(new URL('../fixtures/nemo_gym_shaped/', import.meta.url));

export interface TestPython {
  file: string;
  /** True when it can import ray. */
  ray: boolean;
}

/** The fixture's interpreter, or why there is none (the reason a test prints when it skips). */
export async function findTestPython(): Promise<{ python?: TestPython; missing?: string }> {
  const file = process.env.RG_TEST_PYTHON ?? join(repoRoot, '.ci', '.venv', 'bin', 'python');
  if (!existsSync(file)) return { missing: `no test Python at ${file}: run \`bash .ci/python-venv\` to make it (or set RG_TEST_PYTHON)` };
  const probe = await execa(file, ['-c', 'import fastapi, uvicorn, omegaconf, importlib.util as u; print(u.find_spec("ray") is not None)'], { reject: false });
  if (probe.failed) return { missing: `${file} cannot import fastapi, uvicorn and omegaconf (${String(probe.stderr).trim().split('\n').at(-1)}): run \`bash .ci/python-venv\`` };
  return { python: { file, ray: String(probe.stdout).trim() === 'True' } };
}

/** An interpreter that sees only the standard library (`python3 -S`): no ray, no fastapi, whatever is installed. */
export function stdlibOnlyPython(): string {
  const dir = testTempDir('rg-python-');
  const file = join(dir, 'python-stdlib-only');
  writeFileSync(file, '#!/bin/sh\nexec python3 -S "$@"\n');
  chmodSync(file, 0o755);
  return file;
}

/** The config a user would get running from the fixture's folder (a NeMo Gym checkout's layout) with `argv`. */
export function fixtureResolved(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  return resolveConfig({ argv, cwd: fixtureRoot, env });
}
