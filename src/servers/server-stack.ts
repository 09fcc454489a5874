// The server stack: head server, ports, every child started and healthy, and one teardown for all of it.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, RolloutGymError, ServerError } from '../errors.ts';
import { createRedactor, secretValuesOf } from '../config/secrets.ts';
import type { ResolvedConfig, ServerInstance } from '../config/types.ts';
import { checkModelEndpoints } from './check-model-endpoints.ts';
import { configJsonEnv } from './config-dict-text.ts';
import { checkModelKeys, modelKeySources } from './model-keys.ts';
import { allocatePorts, freePort, treeWithAddresses, type ServerAddress } from './allocate-ports.ts';
import { startHeadServer, type HeadServer } from './head-server.ts';
import { createHealthWaiter } from './health-waiter.ts';
import { newRunId, registerRun } from './run-registry.ts';
import { nemoGymChildEnv, withNemoGymGlobals } from './nemo-gym-globals.ts';
import { missingModuleError } from './python-errors.ts';
import { describePython } from './python-interpreter.ts';
import { planPython } from './python-servers.ts';
import { startStackRayHead, type RayHead } from './ray-head.ts';
import { KIND_SPECS } from './server-kinds.ts';
import { describeExit, spawnServer, type ServerExit, type ServerHandle } from './spawn-server.ts';
import { readStackSettings, type StackSettings } from './stack-settings.ts';
import { ServerEcho } from './server-echo.ts';
import { showStartup, type StartedServer } from './startup-display.ts';
import { killStackStragglers, newStackId, STACK_ID_VARIABLE } from './stack-stragglers.ts';
import { noticeSlowStop } from './stop-notice.ts';
import { AddressInUseError, waitForHealthy } from './wait-healthy.ts';

export interface StackOptions {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** Show server output on the terminal at all (it always goes to the log files). @default true */
  echoServerOutput?: boolean;
  /** Once every server is healthy, show every line of their output or only error and warning lines. @default 'errors' */
  serverOutputAfterStartup?: 'all' | 'errors';
  /** Show startup as a task list. @default true */
  showProgress?: boolean;
  /** Record the run in the run registry so `ng_status` finds it. @default true */
  register?: boolean;
  /** Abort startup (e.g. Ctrl-C while servers are starting); everything started so far is stopped. */
  signal?: AbortSignal;
  /** Check that upstream model endpoints (`*base_url` of model servers) accept connections before returning. @default true */
  checkModelEndpoints?: boolean;
  /** Settings that win over the config's (tests use short deadlines). */
  settings?: Partial<Omit<StackSettings, 'head'>>;
}

export type ServerExitListener = (handle: ServerHandle, exit: ServerExit) => void;

export interface StackTimings {
  /** From startServerStack() to every server healthy. */
  startupMs: number;
  /** From stop() to every process gone; undefined until stopped. */
  stopMs?: number;
}

export interface ServerStack extends AsyncDisposable {
  readonly runId: string;
  readonly servers: readonly ServerHandle[];
  readonly headUrl: string;
  /** The resolved tree with every server's concrete host/port (what the children received). */
  readonly tree: Record<string, unknown>;
  readonly logDir: string;
  readonly timings: StackTimings;
  /** Called when a server exits while the run goes on (not when we stop it). Returns an unsubscribe function. */
  onServerExit(listener: ServerExitListener): () => void;
  /** Stop every server in parallel and the head server; safe to call twice (same promise). */
  stop(): Promise<void>;
}

/** Start the head server and every server of the config, wait until all are healthy; tears down on any failure. */
export async function startServerStack(resolved: ResolvedConfig, options: StackOptions = {}): Promise<ServerStack> {
  const began = Date.now();
  if (resolved.servers.length === 0) {
    throw new ConfigError('No server instances are configured, so there is nothing to run.', {
      hint: 'pass one or more server configs, e.g. "+config_paths=[resources_servers/<name>/configs/<name>.yaml,...]"',
    });
  }
  const settings = { ...readStackSettings(resolved), ...options.settings };
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const runId = newRunId();
  const logDir = join(settings.logRoot, runId);
  const runToken = randomBytes(24).toString('hex');
  const stackEnv = { [STACK_ID_VARIABLE]: newStackId() };
  const redact = createRedactor([...secretValuesOf(resolved.tree), runToken]);

  checkModelKeys(resolved);
  const head = await startHeadServer({ ...settings.head, runToken, keySources: modelKeySources(resolved) });
  const echo = new ServerEcho(options.echoServerOutput === false ? 'none' : (options.serverOutputAfterStartup ?? 'errors'));
  const waiter = createHealthWaiter();
  const handles = new Map<string, ServerHandle>();
  let rayHead: RayHead | undefined;
  let unregister = (): void => {};
  let stopping: Promise<void> | undefined;
  const timings: StackTimings = { startupMs: 0 };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const started = Date.now();
      const stopped = Promise.allSettled([...handles.values()].map((handle) => handle.stop()));
      await noticeSlowStop(stopped, () => [...handles.values()], { graceMs: settings.shutdownGraceMs, stderr });
      // After the servers: they are Ray's drivers, and a driver whose GCS is gone hangs in its exit until killed.
      await rayHead?.stop();
      await killStackStragglers(stackEnv[STACK_ID_VARIABLE]!);
      await head.close();
      unregister();
      timings.stopMs = Date.now() - started;
    })();
    return stopping;
  };

  try {
    const [addresses, python] = await Promise.all([allocatePorts(resolved.servers, resolved.tree, head.port), planPython(resolved, env)]);
    const taken = new Set([head.port, ...[...addresses.values()].map((address) => address.port)]);
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal;
    rayHead = await startStackRayHead(python, resolved.tree, { stackEnv, cwd: resolved.cwd, taken, logFile: join(logDir, 'ray_head.log'), stdout, stderr, redact, deadlineMs: settings.startupTimeoutMs, shutdownGraceMs: settings.shutdownGraceMs, signal });
    if (rayHead) stdout.write(`Ray head for the Python servers at ${rayHead.address} (log: ${join(logDir, 'ray_head.log')})\n`);
    let firstFailure: unknown;
    // A Ray head that fails to come up fails the startup (the servers waiting in ray.init() would only time out).
    rayHead?.ready.catch((error: unknown) => {
      if (!options.signal?.aborted) firstFailure ??= error;
      controller.abort(new RolloutGymError('startup cancelled: the Ray head failed', { code: 'RG_SERVER_START' }));
    });
    // What every child receives: concrete addresses plus the global keys NeMo Gym's parent fills in.
    const childTree = (): Record<string, unknown> =>
      withNemoGymGlobals(treeWithAddresses(resolved.tree, resolved.servers, addresses, head), {
        cwd: resolved.cwd,
        headPort: head.port,
        serverPorts: resolved.servers.map((instance) => addresses.get(instance.name)!.port),
        python: python.stack?.facts,
        rayHeadAddress: rayHead?.address ?? null,
        modelEndpointTimeoutS: settings.modelEndpointTimeoutMs / 1000,
      });
    let tree = childTree();
    head.setConfig(tree);
    head.setServers(() => [...handles.values()]);
    if (options.register !== false) {
      unregister = registerRun({ runId, pid: process.pid, headUrl: head.url, cwd: resolved.cwd, logDir, startedAt: began }, env);
    }

    const startOne = async (instance: ServerInstance, attempt: number): Promise<StartedServer> => {
      const runtime = python.servers.get(instance.name);
      // A Python server that can use the Ray head starts once Ray's GCS listens: its ray.init() then waits for the rest.
      if (rayHead && runtime?.facts.ray !== undefined) await rayHead.accepting.catch(() => signal.throwIfAborted());
      signal.throwIfAborted();
      const address = addresses.get(instance.name)!;
      const handle = await spawnServer({
        instance,
        host: address.host,
        port: address.port,
        python: runtime?.choice,
        env: { ...nemoGymChildEnv(tree), ...rayHead?.childEnv, ...childEnv(instance, tree, head, runToken, resolved.extraRoots), ...stackEnv },
        logFile: join(logDir, `${instance.name.replace(/[/\\]/g, '_')}.log`),
        stdout,
        stderr,
        redact,
        shutdownGraceMs: settings.shutdownGraceMs,
        echo,
      });
      handles.set(instance.name, handle);
      try {
        return { handle, healthyAfterMs: await waitForHealthy(handle, { deadlineMs: settings.startupTimeoutMs, signal, waiter }) };
      } catch (error) {
        if (runtime && handle.state === 'failed') throw missingModuleError(handle, runtime.choice, instance.dir, resolved.cwd) ?? error;
        if (!(error instanceof AddressInUseError) || address.portIsExplicit || attempt > 0 || signal.aborted) throw error;
        // Another process took the port between our choice and the child's bind: one retry on a fresh port.
        const fresh: ServerAddress = { ...address, port: await freePort(taken) };
        stderr.write(`(${instance.name}) port ${address.port} was taken by another process; restarting on port ${fresh.port}\n`);
        await handle.stop();
        addresses.set(instance.name, fresh);
        tree = childTree();
        head.setConfig(tree);
        return startOne(instance, attempt + 1);
      }
    };

    const attempts = resolved.servers.map((instance) => ({
      instance,
      runtime: python.servers.has(instance.name) ? `python: ${describePython(python.servers.get(instance.name)!.choice, resolved.cwd)}` : undefined,
      started: startOne(instance, 0).catch((error: unknown) => {
        // An interrupted startup has no failing server: every task is then only "cancelled".
        if (!options.signal?.aborted) firstFailure ??= error;
        controller.abort(error);
        throw error;
      }),
    }));
    const display =
      options.showProgress === false
        ? Promise.resolve()
        : showStartup(attempts, { stdout, stderr, env, heldLines: (name) => echo.heldLines(name), isCancelled: (error, name) => error !== firstFailure || (error as { server?: unknown }).server !== name });
    const results = await Promise.allSettled(attempts.map((attempt) => attempt.started));
    await display;
    echo.startupDone();
    await waiter.close();
    if (results.some((result) => result.status === 'rejected')) throw firstFailure ?? signal.reason;
    if (options.checkModelEndpoints !== false) {
      await checkModelEndpoints(resolved, { timeoutMs: settings.modelEndpointTimeoutMs, signal, log: (line) => stderr.write(`${line}\n`) });
    }

    timings.startupMs = Date.now() - began;
    const stack: ServerStack = {
      runId,
      get servers() {
        return [...handles.values()];
      },
      headUrl: head.url,
      get tree() {
        return tree;
      },
      logDir,
      timings,
      onServerExit: (listener) => watchExits([...handles.values()], listener),
      stop,
      [Symbol.asyncDispose]: stop,
    };
    return stack;
  } catch (error) {
    await Promise.all([waiter.close(), stop()]);
    throw error;
  }
}

/** The orchestrator -> child environment of docs/ARCHITECTURE.md (never argv: `ps` would show it). */
function childEnv(instance: ServerInstance, tree: Record<string, unknown>, head: HeadServer, runToken: string, extraRoots: readonly string[] = []): Record<string, string> {
  return {
    // The roots the config was resolved with (`+extra_roots`, then the variable): a child finds files where we did.
    ...(extraRoots.length > 0 ? { NEMO_GYM_EXTRA_ROOTS: extraRoots.join(':') } : {}),
    ...configTexts(tree),
    NEMO_GYM_CONFIG_PATH: instance.name,
    RG_HEAD_URL: head.url,
    RG_RUN_TOKEN: runToken,
    RG_PARENT_PID: String(process.pid),
  };
}

const configTextsByTree = new WeakMap<Record<string, unknown>, Record<string, string>>();

/**
 * NEMO_GYM_CONFIG_DICT and its JSON twin: the same tree for every server, so written once per tree. Written once per
 * server, the YAML was ~40% of the orchestrator's JavaScript while it started the quick start's seven servers.
 */
function configTexts(tree: Record<string, unknown>): Record<string, string> {
  let texts = configTextsByTree.get(tree);
  if (texts === undefined) {
    texts = { NEMO_GYM_CONFIG_DICT: stringify(tree), ...configJsonEnv(tree) };
    configTextsByTree.set(tree, texts);
  }
  return texts;
}

function watchExits(handles: readonly ServerHandle[], listener: ServerExitListener): () => void {
  let active = true;
  for (const handle of handles) {
    void handle.exited.then((exit) => {
      if (active && handle.state !== 'stopping' && handle.state !== 'stopped') listener(handle, exit);
    });
  }
  return () => {
    active = false;
  };
}

/** The error for a server that died while the run went on: name, kind, exit and stderr tail. */
export function serverDiedError(handle: ServerHandle, exit: ServerExit, hint = 'read its stderr above and fix the cause; every other server has been stopped'): ServerError {
  const tail = handle.stderrTail();
  return new ServerError(`${KIND_SPECS[handle.kind].label} ${handle.name} (pid ${handle.pid}, port ${handle.port}) died (${describeExit(exit)})`, {
    code: 'RG_SERVER_DIED',
    server: handle.name,
    details: [`log: ${handle.logFile}`, tail.length > 0 ? `last ${tail.length} lines of stderr:\n${tail.map((line) => `  ${line}`).join('\n')}` : 'stderr: (empty)'].join('\n'),
    hint,
  });
}
