// Readiness as a race: the health check answering, the child exiting first, or the per-server deadline.
import { setTimeout as sleep } from 'node:timers/promises';
import { ServerError } from '../errors.ts';
import { describeProbe, probeHealth, type HealthProbe } from './health-probe.ts';
import type { HealthWaiter } from './health-waiter.ts';
import { outputDetails } from './server-output.ts';
import { KIND_SPECS } from './server-kinds.ts';
import { describeExit, type ServerExit, type ServerHandle } from './spawn-server.ts';

export interface WaitHealthyOptions {
  deadlineMs: number;
  /** Aborted when another server failed or the run is interrupted. */
  signal: AbortSignal;
  /** The stack's wait-on worker. */
  waiter: HealthWaiter;
}

/** Marks a startup failure caused by the port being taken, so the caller may restart on another port. */
export class AddressInUseError extends ServerError {}

/** Resolve with the milliseconds since the server started once `GET <health path>` answers 2xx. */
export async function waitForHealthy(handle: ServerHandle, options: WaitHealthyOptions): Promise<number> {
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, options.signal]);
  try {
    await Promise.race([
      answersHealthCheck(handle, options, signal),
      throwOnEarlyExit(handle, signal),
      throwOnTimeout(handle, options.deadlineMs, signal),
      throwOnAbort(options.signal),
    ]);
    handle.state = 'healthy';
    return Date.now() - handle.startTime;
  } finally {
    controller.abort();
  }
}

/** How long a server has to say it listens before wait-on starts polling it: long enough for eight
 * processes booting on two cores (ours say so within 1-3 s), short enough that a server printing no such
 * line is not kept waiting much longer than its own start. */
const ANNOUNCE_GRACE_MS = 4000;

async function answersHealthCheck(handle: ServerHandle, options: WaitHealthyOptions, signal: AbortSignal): Promise<void> {
  const url = healthUrlOf(handle);
  // A server that says it listens (ours, uvicorn) is checked with one GET right then: no polling, and
  // wait-on (over half a second of CPU to import, in the worker) is not even loaded when every server
  // of the stack passes that way. Any other case is wait-on's to poll.
  const announced = await Promise.race([handle.listening.then(() => true), sleep(ANNOUNCE_GRACE_MS, false, { signal }).catch(() => false)]);
  if (signal.aborted) return new Promise<void>(() => {});
  if (announced) {
    const probe = await probeHealth(url);
    if (probe.kind === 'answered' && probe.status >= 200 && probe.status < 300) return;
  }
  try {
    // wait-on's own deadline is only a backstop: throwOnTimeout reports the missed deadline with context.
    await options.waiter.waitFor(url, options.deadlineMs + 1000, signal);
  } catch {
    await new Promise(() => {}); // Aborted or timed out: another branch of the race settles.
  }
}

function throwOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

async function throwOnEarlyExit(handle: ServerHandle, signal: AbortSignal): Promise<never> {
  const exit = await Promise.race([handle.exited, throwOnAbort(signal).catch(() => undefined)]);
  if (exit === undefined) return new Promise<never>(() => {});
  // Give the last stderr lines a moment to arrive: they usually explain the exit.
  await sleep(50);
  throw startupError(handle, `exited (${describeExit(exit)}) before it became healthy`, exit);
}

async function throwOnTimeout(handle: ServerHandle, deadlineMs: number, signal: AbortSignal): Promise<never> {
  try {
    await sleep(deadlineMs, undefined, { signal });
  } catch {
    return new Promise<never>(() => {});
  }
  // Say what the health URL does now: refusing, silent, or answering an error status such as 503.
  const probe = await probeHealth(healthUrlOf(handle));
  if (signal.aborted) return new Promise<never>(() => {});
  const status = probe.kind === 'answered' ? `; GET ${KIND_SPECS[handle.kind].healthPath} ${describeProbe(probe)}` : '';
  throw startupError(handle, `did not become healthy within ${formatSeconds(deadlineMs)}${status}`, undefined, probe);
}

function healthUrlOf(handle: ServerHandle): string {
  return `${handle.url}${KIND_SPECS[handle.kind].healthPath}`;
}

/** One short message: the server, what happened, its command, the end of its output and where its log is. */
export function startupError(handle: ServerHandle, what: string, exit: ServerExit | undefined, probe?: HealthProbe): ServerError {
  const label = KIND_SPECS[handle.kind].label;
  const details = [`command: ${handle.command}`, ...outputDetails(handle.stderrTail(), handle.logFile)].join('\n');
  const message = `${label} ${handle.name} (port ${handle.port}) ${what}`;
  if (exit !== undefined && handle.sawAddressInUse) {
    return new AddressInUseError(message, {
      server: handle.name,
      details,
      hint: `port ${handle.port} is taken by another process: stop it (\`ng_status\` lists running rollout-gym runs) or choose another port`,
    });
  }
  const hint = exit !== undefined ? `read the end of its output above (all of it is in its log) and fix the cause, then run again` : notHealthyHint(handle, probe);
  return new ServerError(message, { code: 'RG_SERVER_START', server: handle.name, details, hint });
}

function notHealthyHint(handle: ServerHandle, probe: HealthProbe | undefined): string {
  const more = 'or allow more time with +server_startup_timeout_s=<seconds>';
  if (probe?.kind === 'answered') {
    return `it is up but answers GET ${healthUrlOf(handle)} with ${probe.status}, not 2xx: read its log for why it is not ready (a model still loading, a missing dependency), ${more}`;
  }
  const what = probe === undefined ? 'never answered' : describeProbe(probe);
  return `GET ${healthUrlOf(handle)} ${what}: check that it listens on the port given in NEMO_GYM_CONFIG_DICT, ${more}`;
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
