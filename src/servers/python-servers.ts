// The stack's Python servers: which interpreter runs each, what each interpreter has (probed once), and which one
// runs the shared Ray head.
import type { ResolvedConfig } from '../config/types.ts';
import { choosePython, type PythonChoice } from './python-interpreter.ts';
import { probePython, type PythonFacts } from './python-probe.ts';
import { isPythonServer } from './server-kinds.ts';

export interface PythonRuntime {
  choice: PythonChoice;
  facts: PythonFacts;
}

export interface PythonPlan {
  /** Per Python server (top-level name). */
  servers: ReadonlyMap<string, PythonRuntime>;
  /** The first Python server's: NeMo Gym's `python_version` and `head_server_deps` describe it. */
  stack: PythonRuntime | undefined;
  /** The first Python server's interpreter that can import ray: it runs the Ray head. */
  ray: PythonRuntime | undefined;
}

/** Choose and probe the interpreter of every Python server (each distinct interpreter once, in parallel). */
export async function planPython(resolved: Pick<ResolvedConfig, 'servers' | 'tree' | 'origins' | 'cwd'>, env: NodeJS.ProcessEnv): Promise<PythonPlan> {
  const choices = resolved.servers.filter(isPythonServer).map((instance) => [instance.name, choosePython(instance, resolved)] as const);
  const probes = new Map<string, Promise<PythonFacts>>();
  for (const [, choice] of choices) {
    if (!probes.has(choice.file)) probes.set(choice.file, probePython(choice, resolved.cwd, env));
  }
  const facts = new Map(await Promise.all([...probes].map(async ([file, probe]) => [file, await probe] as const)));
  const servers = new Map(choices.map(([name, choice]) => [name, { choice, facts: facts.get(choice.file)! }]));
  const runtimes = [...servers.values()];
  return { servers, stack: runtimes[0], ray: runtimes.find((runtime) => runtime.facts.ray !== undefined) };
}
