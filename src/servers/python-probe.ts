// What a Python interpreter has: its version, and which Ray and openai it would import (read from package
// metadata, without importing them: `import ray` alone takes seconds).
import { execa } from 'execa';
import { ServerError } from '../errors.ts';
import { describePython, PYTHON_EXECUTABLE_KEY, type PythonChoice } from './python-interpreter.ts';

export interface PythonFacts {
  /** platform.python_version(), e.g. "3.11.7". */
  version: string;
  /** The ray version it can import, if any. */
  ray: string | undefined;
  openai: string | undefined;
  /** Ray's client server needs grpc; `ray start` refuses a client port without it. */
  rayClient: boolean;
}

const PROBE = `
import json, platform, importlib.util as util, importlib.metadata as metadata
def version(name):
    try:
        return metadata.version(name) if util.find_spec(name) is not None else None
    except Exception:
        return None
print(json.dumps({"version": platform.python_version(), "ray": version("ray"), "openai": version("openai"), "rayClient": util.find_spec("grpc") is not None}))
`;

/** Ask the interpreter; a missing interpreter is a ServerError naming where it came from and what to do. */
export async function probePython(choice: PythonChoice, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<PythonFacts> {
  const result = await execa(choice.file, ['-c', PROBE], { cwd, env, stdin: 'ignore', reject: false, timeout: 60_000 });
  const line = result.failed ? undefined : String(result.stdout).trim().split('\n').at(-1);
  try {
    if (line !== undefined) {
      const facts = JSON.parse(line) as { version: string; ray: string | null; openai: string | null; rayClient: boolean };
      return { version: facts.version, ray: facts.ray ?? undefined, openai: facts.openai ?? undefined, rayClient: facts.rayClient };
    }
  } catch {
    // Not our JSON: reported below with what the interpreter printed.
  }
  const missing = (result as { code?: string }).code === 'ENOENT';
  throw new ServerError(`${missing ? 'cannot find' : 'cannot run'} the Python interpreter ${describePython(choice, cwd)}`, {
    code: 'RG_SERVER_START',
    details: missing ? undefined : [String(result.stderr), String(result.stdout)].join('\n').trim().split('\n').slice(-10).join('\n'),
    hint: missing
      ? `install Python 3, give the server a venv (python3 -m venv <server dir>/.venv), or name an interpreter with +${PYTHON_EXECUTABLE_KEY}=<path>`
      : `check that '${choice.file} -c "print(1)"' works in a shell`,
  });
}
