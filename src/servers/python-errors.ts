// A Python server that stopped on a missing module is reported as that: the server, the module, the interpreter
// it ran with and how to install the module into it, instead of a traceback.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ServerError } from '../errors.ts';
import { describePython, type PythonChoice } from './python-interpreter.ts';
import { KIND_SPECS } from './server-kinds.ts';
import type { ServerHandle } from './spawn-server.ts';

const MISSING_MODULE = /ModuleNotFoundError: No module named '([^']+)'/;

/** The missing-module error for a Python server that failed to start, or undefined when its stderr names none. */
export function missingModuleError(handle: ServerHandle, python: PythonChoice, dir: string, cwd: string): ServerError | undefined {
  const line = handle.stderrTail().findLast((text) => MISSING_MODULE.test(text));
  if (line === undefined) return undefined;
  const module = MISSING_MODULE.exec(line)![1]!;
  const pythonFile = python.file.includes(' ') ? `'${python.file}'` : python.file;
  const installs = [`${pythonFile} -m pip install ${module.split('.')[0]}`];
  if (existsSync(join(dir, 'requirements.txt'))) installs.push(`${pythonFile} -m pip install -r ${join(dir, 'requirements.txt')}`);
  else if (existsSync(join(dir, 'pyproject.toml'))) installs.push(`${pythonFile} -m pip install -e ${dir}`);
  return new ServerError(`${KIND_SPECS[handle.kind].label} ${handle.name} cannot start: Python module '${module}' is not installed for ${describePython(python, cwd)}`, {
    code: 'RG_SERVER_START',
    server: handle.name,
    details: [`server: ${handle.name} (${handle.kind}/${handle.implementation})`, `python: ${python.file}`, `error:  ${line.trim()}`, `log:    ${handle.logFile}`].join('\n'),
    hint: `install it into that interpreter: ${installs.join(', or the server\'s own requirements: ')}${python.venv ? '' : '; or give the server its own .venv with them'}`,
  });
}
