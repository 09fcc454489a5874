// One real Ray head for the stack (`ray start --head --block`), so NeMo Gym's Python servers connect to it
// instead of each booting a Ray cluster of its own (NeMo Gym's parent does the same in initialize_ray()).
//
// Loopback only: Ray binds its node's IP, which it takes from the network unless told it runs "single-node"
// (RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0, checked by Ray 2.58's services.get_node_ip_address); then the GCS, the raylet
// and its agents listen on 127.0.0.1 only. Drivers need the same variable, or Ray rewrites 127.0.0.1 to the network
// address and cannot reach the GCS: `childEnv` carries it to every server.
// Every Ray process (GCS, raylet, agents, workers) stays in the head's process group, run under child-guard.ts:
// stop() and the guard (when we are killed, kill -9 included) take the whole group down.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServerError } from '../errors.ts';
import { freePort } from './allocate-ports.ts';
import { stopProcessGroup } from './process-group.ts';
import { activatedVenvEnv, describePython, type PythonChoice } from './python-interpreter.ts';
import type { PythonFacts } from './python-probe.ts';
import type { PythonPlan } from './python-servers.ts';
import { ServerEcho } from './server-echo.ts';
import { describeExit, spawnChild, type ServerExit } from './spawn-server.ts';
import { formatSeconds } from './wait-healthy.ts';

const READY_LINE = /Ray runtime started/;
/** Ray's own output goes to its log only; its last lines are in the error when it fails. */
const SILENT = new ServerEcho('none');
// Ray's processes keep nothing worth a longer wait (its object store is not a file that outlives them): every
// process of the group gets SIGTERM at once, and whatever is left after this is killed.
const RAY_STOP_GRACE_MS = 1500;
const HOST = '127.0.0.1';

export interface RayHeadOptions {
  python: PythonChoice;
  /** The stack's own variables (its id), given to Ray and so to every process Ray starts. */
  stackEnv: Record<string, string>;
  facts: PythonFacts;
  cwd: string;
  /** Ports already chosen for the stack; Ray's are added. */
  taken: Set<number>;
  logFile: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  redact: (text: string) => string;
  deadlineMs: number;
  shutdownGraceMs: number;
  signal: AbortSignal;
}

export interface RayHead {
  /** `127.0.0.1:<GCS port>`, NeMo Gym's `ray_head_node_address`: known before Ray is up. */
  readonly address: string;
  /** The environment a server needs to connect to this head over loopback. */
  readonly childEnv: Record<string, string>;
  readonly groupId: number;
  /**
   * Resolves once the GCS accepts connections: a server may start then, its ray.init() waits (up to 60 s, Ray's
   * gcs_server_request_timeout_seconds) for the raylet, and its own imports overlap the rest of Ray's start.
   */
  readonly accepting: Promise<void>;
  /** Resolves once Ray says "Ray runtime started"; rejects with a ServerError if it exits first or misses the deadline. */
  readonly ready: Promise<void>;
  /** Resolves when `ray start` has exited, for whatever reason. */
  readonly exited: Promise<ServerExit>;
  /** SIGTERM the whole group (Ray's processes and workers), SIGKILL after the grace period. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The stack's Ray head: started when a Python server's interpreter can import ray, unless the user names a cluster of
 * their own with `ray_head_node_address`. Undefined when there is none to start.
 */
export async function startStackRayHead(plan: PythonPlan, tree: Record<string, unknown>, options: Omit<RayHeadOptions, 'python' | 'facts'>): Promise<RayHead | undefined> {
  const own = tree.ray_head_node_address;
  if (plan.ray === undefined || (typeof own === 'string' && own !== '')) return undefined;
  return startRayHead({ ...options, python: plan.ray.choice, facts: plan.ray.facts });
}

/** Start `ray start --head --block` with the given Python; resolves once the process runs (see `ready`). */
export async function startRayHead(options: RayHeadOptions): Promise<RayHead> {
  const port = await freePort(options.taken);
  // Fixed ports for what Ray would otherwise put on well-known ones (10001, 52365, 8265): two stacks must not collide.
  // Its own temp dir: Ray records the last started cluster in <temp dir>/ray_current_cluster, and a plain ray.init()
  // anywhere on the machine (NeMo Gym's own ng_run, for one) would connect to ours, or after we stop hang on a dead
  // address. We remove it once Ray has stopped; it stays when Ray failed to start (its logs explain why).
  const tempDir = mkdtempSync(join(tmpdir(), 'rg-ray-'));
  const args = ['-m', 'ray.scripts.scripts', 'start', '--head', '--block', `--port=${port}`, `--temp-dir=${tempDir}`, '--include-dashboard=false', '--disable-usage-stats',
    `--dashboard-port=${await freePort(options.taken)}`, `--dashboard-agent-listen-port=${await freePort(options.taken)}`,
    ...(options.facts.rayClient ? [`--ray-client-server-port=${await freePort(options.taken)}`] : [])];
  const childEnv = { RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER: '0' };
  // RG_PARENT_PID lets the guard also notice our death by polling, as it does for servers. Without
  // RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S=0, Ray 2.58 answers SIGTERM by draining the node for up to 30 s first.
  const env = {
    ...childEnv,
    RAY_USAGE_STATS_ENABLED: '0',
    RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S: '0',
    RG_PARENT_PID: String(process.pid),
    ...options.stackEnv,
    ...activatedVenvEnv(options.python, process.env),
  };
  const readyLine = Promise.withResolvers<void>();
  const { logFile, stdout, stderr, redact, shutdownGraceMs } = options;
  const child = await spawnChild({
    name: 'ray_head', file: options.python.file, args, cwd: options.cwd, env, guarded: true, echo: SILENT, logFile, stdout, stderr, redact, shutdownGraceMs,
    onLine: (line) => READY_LINE.test(line) && readyLine.resolve(),
  });
  const failure = (why: string): ServerError =>
    new ServerError(`the Ray head (ray ${options.facts.ray}, ${describePython(options.python, options.cwd)}) ${why}`, {
      code: 'RG_SERVER_START',
      server: 'ray_head',
      details: [`log: ${logFile}`, `Ray's own logs: ${tempDir}`, ...child.output.stderrTail(12)].join('\n'),
      hint: 'read its last lines above (all of them are in the log); to use a Ray cluster you run yourself, pass +ray_head_node_address=<host:port>',
    });
  if (child.pid === undefined) throw failure(`could not be started (${describeExit(child.exit!)})`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await stopProcessGroup(child.groupId, Math.min(shutdownGraceMs, RAY_STOP_GRACE_MS));
      await Promise.all([child.exited, child.output.closed]);
      if (await ready.then(() => true, () => false)) rmSync(tempDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const deadline = AbortSignal.timeout(options.deadlineMs);
  const ready = Promise.race([
    readyLine.promise,
    child.exited.then((exit) => Promise.reject(failure(`exited (${describeExit(exit)}) before it was ready`))),
    abortOf(deadline).then(() => Promise.reject(failure(`did not start within ${formatSeconds(options.deadlineMs)}`))),
    abortOf(options.signal).then(() => Promise.reject(options.signal.reason)),
  ]);
  ready.catch(() => undefined);
  const accepting = Promise.race([ready, acceptsConnections(HOST, port, ready)]);
  accepting.catch(() => undefined);
  return { address: `${HOST}:${port}`, childEnv, groupId: child.groupId, accepting, ready, exited: child.exited, stop };
}

/** Resolves once `host:port` accepts a TCP connection; gives up quietly once `until` settles. */
async function acceptsConnections(host: string, port: number, until: Promise<unknown>): Promise<void> {
  let settled = false;
  until.then(() => (settled = true), () => (settled = true));
  while (!settled) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  await until;
}

function abortOf(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
