// Starts one server as a child process (its own process group, under child-guard unless it is one of ours).
import { execa } from 'execa';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../config/paths.ts';
import { ServerError } from '../errors.ts';
import type { ServerInstance } from '../config/types.ts';
import { stopProcessGroup } from './process-group.ts';
import type { PythonChoice } from './python-interpreter.ts';
import type { ServerEcho } from './server-echo.ts';
import { captureServerOutput, outputDetails, type ServerOutput, type ServerOutputOptions } from './server-output.ts';
import { entrypointCommand, KIND_SPECS, RUNTIMES } from './server-kinds.ts';
import { NODE_SERVER_FLAGS } from './node-server-flags.ts';

export type ServerState = 'starting' | 'healthy' | 'stopping' | 'stopped' | 'exited' | 'failed';

export interface ServerExit {
  exitCode: number | undefined;
  signal: string | undefined;
}

export interface ServerHandle {
  readonly name: string;
  readonly kind: ServerInstance['kind'];
  readonly implementation: string;
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** The server process itself (the guard's child, when it has a guard). */
  readonly pid: number;
  /** Process group led by the guard (or by the server itself) holding everything they start. */
  readonly groupId: number;
  /** What runs, for error messages: `<runtime> <entrypoint>` in `<dir>`. */
  readonly command: string;
  readonly logFile: string;
  /** Epoch milliseconds when the process was started. */
  readonly startTime: number;
  state: ServerState;
  /** Resolves when the server process has exited, for whatever reason. */
  readonly exited: Promise<ServerExit>;
  readonly sawAddressInUse: boolean;
  /** Resolves when the server's output says it listens (see server-output.ts). */
  readonly listening: Promise<void>;
  stderrTail(count?: number): string[];
  /** SIGTERM the group, SIGKILL after the grace period; calling it again returns the same promise. */
  stop(): Promise<void>;
}

export interface SpawnServerOptions {
  instance: ServerInstance;
  host: string;
  port: number;
  /** Variables of the orchestrator -> child contract (NEMO_GYM_CONFIG_DICT, RG_*), added to our environment. */
  env: Record<string, string>;
  logFile: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  redact: (text: string) => string;
  shutdownGraceMs: number;
  /** Which of its lines reach the terminal (see server-echo.ts). */
  echo?: ServerEcho;
  /** The interpreter for a Python server (python-interpreter.ts); python3 on PATH when absent. */
  python?: PythonChoice;
}

const guardPath = fileURLToPath(new URL('./child-guard.ts', import.meta.url));

// The servers shipped in these folders are built on src/kit, which exits by itself within 2 s once
// RG_PARENT_PID is gone, so they need no guard: one Node process fewer per server (startup CPU, ~40 MB).
// Any other server (a user's, a Python one, the test fixtures) keeps its guard.
const SHIPPED_SERVER_DIRS = ['resources_servers', 'responses_api_models', 'responses_api_agents'].map((dir) => join(packageRoot, dir) + sep);

function watchesItsParent(instance: ServerInstance, runtimeFile: string): boolean {
  return runtimeFile === process.execPath && SHIPPED_SERVER_DIRS.some((dir) => instance.dir.startsWith(dir));
}

/** Spawn a server and resolve once its process is running (not yet healthy). */
export async function spawnServer(options: SpawnServerOptions): Promise<ServerHandle> {
  const { instance } = options;
  const label = KIND_SPECS[instance.kind].label;
  const runtime = entrypointCommand(instance.entrypoint, instance.dir, process.env, { python: options.python });
  if (runtime === undefined) {
    throw new ServerError(`${label} ${instance.name}: no runtime for entrypoint '${instance.entrypoint}'`, {
      server: instance.name,
      hint: `use an entrypoint ending in one of ${Object.keys(RUNTIMES).join(', ')}`,
    });
  }
  const guarded = !watchesItsParent(instance, runtime.file);
  // Our own servers get the V8 flags tuned for them (node-server-flags.ts); anyone else's run as written.
  const args = guarded ? runtime.args : [...NODE_SERVER_FLAGS, ...runtime.args];
  const command = `${[runtime.file, ...args].join(' ')} (in ${instance.dir})`;
  const child = await spawnChild({
    ...options,
    name: instance.name,
    file: runtime.file,
    args,
    cwd: instance.dir,
    env: { ...runtime.env, ...options.env },
    guarded,
  });
  if (child.pid === undefined) {
    throw new ServerError(`${label} ${instance.name} could not be started (${describeExit(child.exit!)})`, {
      code: 'RG_SERVER_START',
      server: instance.name,
      details: [`command: ${command}`, ...outputDetails(child.output.stderrTail(), options.logFile)].join('\n'),
      hint: `check that '${runtime.file}' is installed and on PATH`,
    });
  }
  return createHandle({ ...options, label, command, groupId: child.groupId, pid: child.pid, output: child.output, exited: child.exited });
}

export interface SpawnChildOptions extends Omit<ServerOutputOptions, 'logFile'> {
  file: string;
  args: string[];
  cwd: string;
  /** The whole environment of the child's runtime additions and contract variables, added to ours. */
  env: Record<string, string>;
  logFile: string;
  shutdownGraceMs: number;
  /** Run it under child-guard.ts, which takes its process group down if we are killed (kill -9 included). */
  guarded: boolean;
  /** Called with every raw line of its stdout and stderr (e.g. to notice a readiness message). */
  onLine?: (line: string) => void;
}

export interface SpawnedChild {
  /** The process itself (the guard's child when guarded); undefined when it could not be started. */
  pid: number | undefined;
  /** The process group holding it and everything it starts. */
  groupId: number;
  exited: Promise<ServerExit>;
  /** Set when it could not be started. */
  exit?: ServerExit;
  output: ServerOutput;
}

/** Start a process leading its own group, its output captured; resolves once it runs (or could not start). */
export async function spawnChild(options: SpawnChildOptions): Promise<SpawnedChild> {
  const spawnOptions = {
    cwd: options.cwd,
    env: options.env,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    killDescendants: true,
    cleanup: true,
    forceKillAfterDelay: options.shutdownGraceMs,
  } as const;
  const subprocess = options.guarded
    ? execa(process.execPath, [guardPath, options.file, ...options.args], { ...spawnOptions, ipc: true })
    : execa(options.file, options.args, spawnOptions);
  const output = captureServerOutput(subprocess, options);
  if (options.onLine) {
    for (const stream of [subprocess.stdout, subprocess.stderr]) createInterface({ input: stream, crlfDelay: Infinity }).on('line', options.onLine);
  }
  const child: ChildProcess = subprocess.nodeChildProcess;
  const exited = new Promise<ServerExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ exitCode: code ?? undefined, signal: signal ?? undefined }));
  });
  // With reject: false the result never rejects; awaiting it here keeps execa's bookkeeping quiet.
  void subprocess.catch(() => undefined);

  // A guard reports the server's pid once it has spawned it; an unguarded server is that pid itself. The
  // guard's message is awaited alone: a server that exits at once takes its guard with it, and the guard's
  // exit can be seen before its message is read, but the channel delivers the message before it disconnects.
  // (Called in an async function so that a synchronous throw of getOneMessage becomes a rejection.)
  const startedMessage = options.guarded
    ? (async () => subprocess.getOneMessage!())()
    : Promise.race([once(child, 'spawn').then(() => ({ type: 'started', pid: child.pid })), exited.then(() => undefined)]);
  const started = (await startedMessage.catch(() => undefined)) as
    | { type?: string; pid?: number }
    | undefined;
  if (started?.type !== 'started' || typeof started.pid !== 'number' || subprocess.pid === undefined) {
    const exit = await exited;
    await output.closed;
    return { pid: undefined, groupId: subprocess.pid ?? 0, exited, exit, output };
  }
  // The channel only carried the pid; from now on it must not keep our event loop alive.
  child.channel?.unref();
  return { pid: started.pid, groupId: subprocess.pid, exited, output };
}

interface HandleParts extends SpawnServerOptions {
  label: string;
  command: string;
  groupId: number;
  pid: number;
  output: ServerOutput;
  exited: Promise<ServerExit>;
}

function createHandle(parts: HandleParts): ServerHandle {
  const { instance, output } = parts;
  let stopping: Promise<void> | undefined;
  const handle: ServerHandle = {
    name: instance.name,
    kind: instance.kind,
    implementation: instance.implementation,
    host: parts.host,
    port: parts.port,
    url: `http://${parts.host}:${parts.port}`,
    pid: parts.pid,
    groupId: parts.groupId,
    command: parts.command,
    logFile: parts.logFile,
    startTime: Date.now(),
    state: 'starting',
    exited: parts.exited,
    get sawAddressInUse() {
      return output.sawAddressInUse;
    },
    listening: output.listening,
    stderrTail: (count) => output.stderrTail(count),
    stop() {
      stopping ??= (async () => {
        if (handle.state === 'starting' || handle.state === 'healthy') handle.state = 'stopping';
        // Even after the server exited its grandchildren may live on in the group, so always signal it.
        await stopProcessGroup(parts.groupId, parts.shutdownGraceMs);
        await Promise.all([parts.exited, output.closed]);
        if (handle.state === 'stopping') handle.state = 'stopped';
      })();
      return stopping;
    },
  };
  void parts.exited.then((exit) => {
    if (handle.state === 'starting' || handle.state === 'healthy') {
      handle.state = exit.exitCode === 0 ? 'exited' : 'failed';
    }
  });
  return handle;
}

/** "exit code 1" / "signal SIGKILL". */
export function describeExit(exit: ServerExit): string {
  return exit.signal !== undefined ? `killed by signal ${exit.signal}` : `exit code ${exit.exitCode ?? 'unknown'}`;
}
