// Our own CLI as a user runs it (`node <its V8 flags> src/cli/main.ts <command> ...` with the compile cache on, what
// bin/launch.js starts), started by the benchmark, with its output kept (tail only) for error messages and every
// process it started accounted for.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { descendantsOf, isAlive, waitUntilGone } from '../../test/helpers/processes.ts';
import { compileCacheDirectory } from '../../bin/compile-cache.js';
import { startEnvFor, v8FlagsFor } from '../../bin/launch.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const mainPath = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  pid: number;
  /** performance.now() just before spawn. */
  startedAt: number;
  /** Resolves with the exit code (or 128 + signal number style text) when the command ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** The last lines of stdout and stderr together, for error messages. */
  outputTail: () => string;
  /** Resolves once an output line matches `pattern` (false if the command ends or `timeoutMs` passes first). */
  waitForLine: (pattern: RegExp, timeoutMs: number) => Promise<boolean>;
  /** Pids of the command and everything it started, as seen now (call while it runs). */
  processTree: () => number[];
  /** End the command and everything it started (SIGINT, then SIGKILL to the stragglers after `graceMs`). */
  kill: (graceMs?: number) => Promise<void>;
}

/** Start `<command> ...args` from the repository root with `env` added to ours. */
export function startCli(command: string, args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...v8FlagsFor(command, args), mainPath, command, ...args], {
    cwd: repoRoot,
    // The launcher turns the compile cache on before it loads main.ts, so that main.ts too comes from the cache and
    // Node never loads its TypeScript stripper (~70 ms before the first server starts); started directly, main.ts
    // would turn it on only for what it imports.
    env: { ...process.env, NODE_COMPILE_CACHE: compileCacheDirectory(process.env), ...startEnvFor(command, args, { ...process.env, ...env }), FORCE_COLOR: '0', NO_COLOR: '1', CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const watchers = new Set<{ pattern: RegExp; found: () => void }>();
  const keep = (chunk: Buffer) => {
    const lines = chunk.toString('utf8').split('\n').filter((line) => line.trim() !== '');
    tail.push(...lines);
    if (tail.length > 60) tail.splice(0, tail.length - 60);
    for (const watcher of watchers) if (lines.some((line) => watcher.pattern.test(line))) watcher.found();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, at: performance.now() }));
  const seen = new Set<number>([child.pid!]);
  const processTree = () => {
    if (isAlive(child.pid!)) for (const pid of descendantsOf(child.pid!)) seen.add(pid);
    return [...seen];
  };
  const kill = async (graceMs = 5000) => {
    const pids = processTree();
    if (isAlive(child.pid!)) child.kill('SIGINT');
    const left = await waitUntilGone(pids, graceMs);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await waitUntilGone(left, 2000);
  };
  const waitForLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (tail.some((line) => pattern.test(line))) return resolve(true);
      const finish = (found: boolean) => {
        watchers.delete(watcher);
        clearTimeout(timer);
        resolve(found);
      };
      const watcher = { pattern, found: () => finish(true) };
      const timer = setTimeout(() => finish(false), timeoutMs);
      watchers.add(watcher);
      void exited.then(() => finish(false));
    });
  return { child, pid: child.pid!, startedAt, exited, outputTail: () => tail.join('\n'), waitForLine, processTree, kill };
}
