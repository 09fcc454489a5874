// How each server kind is named and health-checked, and how an entrypoint becomes a command line.
import { extname } from 'node:path';
import type { ServerKind } from '../config/server-kinds.ts';
import { activatedVenvEnv, type PythonChoice } from './python-interpreter.ts';

export interface KindSpec {
  /** Singular word used in messages and tables, e.g. "resources_server". */
  label: string;
  /** Path polled for readiness; every server answers `GET /` with 200 {"status":"ok"}. */
  healthPath: string;
}

export const KIND_SPECS = {
  responses_api_models: { label: 'responses_api_model', healthPath: '/' },
  resources_servers: { label: 'resources_server', healthPath: '/' },
  responses_api_agents: { label: 'responses_api_agent', healthPath: '/' },
} as const satisfies Record<ServerKind, KindSpec>;

export interface EntrypointCommand {
  file: string;
  args: string[];
  /** Extra environment for this runtime (e.g. PYTHONPATH for a NeMo Gym-style Python server). */
  env: Record<string, string>;
}

/** What a runtime may need besides the entrypoint: the interpreter chosen for a Python server. */
export interface RuntimeChoices {
  python?: PythonChoice;
}

type RuntimeBuilder = (entrypoint: string, dir: string, env: NodeJS.ProcessEnv, choices: RuntimeChoices) => EntrypointCommand;

const runWithNode: RuntimeBuilder = (entrypoint) => ({ file: process.execPath, args: [entrypoint], env: {} });

// NeMo Gym puts the server directory first on PYTHONPATH so `app.py` can import its siblings, and runs the server
// inside its activated venv (`source .venv/bin/activate`): VIRTUAL_ENV set and the venv's bin first on PATH.
const runWithPython: RuntimeBuilder = (entrypoint, dir, env, { python }) => ({
  file: python?.file ?? 'python3',
  args: [entrypoint],
  env: {
    PYTHONPATH: env.PYTHONPATH ? `${dir}:${env.PYTHONPATH}` : dir,
    ...activatedVenvEnv(python, env),
  },
});

/** Entrypoint extension -> runtime. Adding a runtime means adding a row. */
export const RUNTIMES: Readonly<Record<string, RuntimeBuilder>> = {
  '.ts': runWithNode,
  '.mts': runWithNode,
  '.js': runWithNode,
  '.mjs': runWithNode,
  '.cjs': runWithNode,
  '.py': runWithPython,
};

/** True when the server's entrypoint runs with Python. */
export function isPythonServer(instance: { entrypoint: string }): boolean {
  return RUNTIMES[extname(instance.entrypoint)] === runWithPython;
}

/** The command that runs `entrypoint` from `dir`, or undefined when no runtime knows its extension. */
export function entrypointCommand(entrypoint: string, dir: string, env: NodeJS.ProcessEnv, choices: RuntimeChoices = {}): EntrypointCommand | undefined {
  return RUNTIMES[extname(entrypoint)]?.(entrypoint, dir, env, choices);
}
