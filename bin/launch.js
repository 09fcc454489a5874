// Starts a command under a Node that can run our TypeScript (>= 22.18), whatever `node` is on PATH.
// Plain JavaScript on purpose: it must run on an old Node to explain or fix the version problem.
import { typesHookMissing } from './node-modules-types.js';
import { enableCompileCache } from './compile-cache.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainPath = join(packageRoot, 'src', 'cli', 'main.ts');
/** Stop signals, and the window size for progress displays (the command has no terminal of its own to ask). */
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGWINCH'];

function isRecentEnough(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 18);
}

/**
 * V8 flags a command needs from its first instruction (V8 sizes its heap once, at start; v8.setFlagsFromString comes too
 * late for these). The collectors hold little (a window of rollouts) and allocate a lot (every rollout's JSON), fast:
 * - a young generation of at most 8 MB per semi-space: V8's default grows it to 64 MB over a long run, and the peak
 *   RSS with it (200 -> 330 MB from 10,000 to 100,000 rollouts);
 * - an old generation allowed 50% above what was live at the last full GC (V8 allows up to 4x for a heap that
 *   allocates fast): peak RSS 155 MB at 10,000 and 157 MB at 100,000 rollouts, where the semi-space cap alone gave
 *   205 -> 228 MB.
 * They replace --optimize-for-size, which held memory as flat but kept the young generation at 1 MB with a
 * memory-reducing full GC twice a second: a third of the collector's CPU per rollout (0.52 -> 0.36 ms side by side).
 */
const COLLECTOR_V8_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=50'];

/**
 * glibc malloc settings the collectors start with (glibc reads them once, at start; other C libraries ignore them).
 * glibc raises its mmap threshold each time a large block is freed, up to 32 MB: from then on the response buffers
 * of a long run come from the heap, which fragments and is never given back. A fixed threshold (glibc's own initial
 * 128 KB) keeps them in mmap, returned on free; two arenas are enough for one JavaScript thread and its helpers.
 * Peak RSS at 100,000 rollouts, runs alternated: median 169 MiB (161-190, 7 runs) without, 156 MiB (147-176, 10 runs)
 * with; at 10,000, 155-177 (8 runs) -> 148-158 MiB (3 runs); CPU per rollout unchanged. The servers a collector starts
 * inherit them, as they inherit the rest of its environment.
 */
const COLLECTOR_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };

function isCollector(command, args) {
  if (command === 'ng_collect_rollouts' || command === 'ng_e2e_collect_rollouts') return true;
  if (command === 'gym' || command === 'ng') {
    const [group, name] = args.filter((arg) => !arg.startsWith('-'));
    return group === 'eval' && name === 'run';
  }
  return false;
}

/** The V8 flags `command` (with its arguments) starts with; the benchmark starts the command with them too. */
export function v8FlagsFor(command, args) {
  return isCollector(command, args) ? COLLECTOR_V8_FLAGS : [];
}

/** The environment variables `command` starts with that `env` does not set already (a user's own setting wins). */
export function startEnvFor(command, args, env) {
  if (!isCollector(command, args)) return {};
  return Object.fromEntries(Object.entries(COLLECTOR_MALLOC_ENV).filter(([name]) => env[name] === undefined));
}

export async function launch(command) {
  // Before main.ts loads (here, or in the Node started below, which inherits the variable).
  enableCompileCache();
  const args = process.argv.slice(2);
  const v8Flags = v8FlagsFor(command, args).filter((flag) => !process.execArgv.includes(flag));
  const startEnv = startEnvFor(command, args, process.env);
  if (isRecentEnough(process.version) && !typesHookMissing && v8Flags.length === 0 && Object.keys(startEnv).length === 0) {
    process.argv = [process.argv[0], mainPath, command, ...args];
    await import(mainPath);
    return;
  }
  // `npm ci` installs Node 24 (the `node` package) into node_modules/.bin: use it (or this Node, when it is recent
  // enough but must start over with V8 flags or malloc settings, or with the types hook preloaded, for its worker
  // threads too).
  const localNode = isRecentEnough(process.version) ? process.execPath : join(packageRoot, 'node_modules', '.bin', 'node');
  if (!existsSync(localNode)) {
    process.stderr.write(
      `error [RG_USAGE] rollout-gym needs Node >= 22.18, and this is Node ${process.version}.\n` +
        `  fix: run \`npm ci\` in ${packageRoot} (it installs Node 24 locally), or install Node 24 LTS.\n`,
    );
    process.exit(1);
  }
  // The IPC channel tells the command when this launcher is gone (even after kill -9): it then tears down.
  // The command runs in its own session, so a terminal's Ctrl-C reaches this launcher only and is forwarded once:
  // in the terminal's process group the command would get two SIGINTs per Ctrl-C (the terminal's and ours), and a
  // second SIGINT means "stop now, without waiting".
  // This Node's own flags (--inspect, a user's V8 flag, which then wins over ours) go on when it is the Node started.
  const nodeFlags = localNode === process.execPath ? [...v8Flags, ...process.execArgv] : v8Flags;
  const child = spawn(localNode, [...nodeFlags, mainPath, command, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...startEnv, RG_LAUNCHER_IPC: '1' },
    detached: true,
  });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`error [RG_USAGE] could not start ${localNode}: ${error.message}\n  fix: run \`npm ci\` in ${packageRoot} again\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const forwarded of FORWARDED_SIGNALS) process.off(forwarded, forward);
    if (signal === null) process.exit(code ?? 1);
    // Die of the same signal, so our parent (a shell, a supervisor) sees what the command saw; 128 + signal if not.
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 200);
    process.kill(process.pid, signal);
  });
}
