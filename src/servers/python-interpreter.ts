// Which Python runs a Python server: its own venv (NeMo Gym's layout), else `python_executable`, else python3 on PATH.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPath } from '../config/paths.ts';
import type { ResolvedConfig, ServerInstance } from '../config/types.ts';
import { ConfigError } from '../errors.ts';

/** Top-level option: the interpreter for Python servers that have no venv of their own. */
export const PYTHON_EXECUTABLE_KEY = 'python_executable';

export interface PythonChoice {
  /** What is spawned: a path, or a command name looked up on PATH. */
  file: string;
  /** The venv folder when `file` is a venv's python: the server then runs in it as if activated. */
  venv?: string;
  /** Why this interpreter: "its .venv", "python_executable", "python3 on PATH". */
  reason: string;
}

/** The interpreter for one Python server. Throws ConfigError when `python_executable` names no file. */
export function choosePython(instance: ServerInstance, config: Pick<ResolvedConfig, 'tree' | 'origins' | 'cwd'>): PythonChoice {
  for (const venv of venvCandidates(instance, config)) {
    const file = join(venv, 'bin', 'python');
    if (existsSync(file)) return { file, venv, reason: 'its .venv' };
  }
  const configured = config.tree[PYTHON_EXECUTABLE_KEY];
  if (configured === undefined || configured === null) return { file: 'python3', reason: 'python3 on PATH' };
  const source = config.origins.get(PYTHON_EXECUTABLE_KEY);
  if (typeof configured !== 'string' || configured.trim() === '') {
    throw new ConfigError(`${PYTHON_EXECUTABLE_KEY} must be the path or name of a Python interpreter, got ${JSON.stringify(configured)}`, {
      key: PYTHON_EXECUTABLE_KEY,
      source,
      hint: `e.g. +${PYTHON_EXECUTABLE_KEY}=/usr/bin/python3, or leave it out to use python3 from PATH`,
    });
  }
  if (!configured.includes('/')) return { file: configured, reason: PYTHON_EXECUTABLE_KEY };
  const file = resolve(config.cwd, configured);
  if (!existsSync(file)) {
    throw new ConfigError(`${PYTHON_EXECUTABLE_KEY} names ${file}, which does not exist`, {
      key: PYTHON_EXECUTABLE_KEY,
      source,
      hint: `point it at an existing interpreter (relative paths are read from ${config.cwd}), e.g. +${PYTHON_EXECUTABLE_KEY}=/usr/bin/python3`,
    });
  }
  return { file, reason: PYTHON_EXECUTABLE_KEY };
}

/** "resources_servers/x/.venv/bin/python (its .venv)", for the startup line and messages. */
export function describePython(choice: PythonChoice, cwd: string): string {
  return `${choice.file.includes('/') ? displayPath(choice.file, cwd) : choice.file} (${choice.reason})`;
}

/** What `source <venv>/bin/activate` sets, as NeMo Gym runs every server: VIRTUAL_ENV and the venv's bin first on PATH. */
export function activatedVenvEnv(choice: PythonChoice | undefined, env: NodeJS.ProcessEnv): Record<string, string> {
  return choice?.venv ? { VIRTUAL_ENV: choice.venv, PATH: `${join(choice.venv, 'bin')}:${env.PATH ?? ''}` } : {};
}

// NeMo Gym's get_venv_path: `<uv_venv_dir>/<kind>/<implementation>/.venv` when uv_venv_dir is set, `<server dir>/.venv` otherwise.
function venvCandidates(instance: ServerInstance, config: Pick<ResolvedConfig, 'tree' | 'cwd'>): string[] {
  const root = config.tree.uv_venv_dir;
  const candidates = typeof root === 'string' && root !== '' ? [resolve(config.cwd, root, instance.kind, instance.implementation, '.venv')] : [];
  return [...candidates, join(instance.dir, '.venv')];
}
