// The process's one owner of Ctrl-C, SIGTERM and SIGHUP: the first asks every part to stop in order, the second to
// hurry (no more waiting on grace periods), a third exits at once. Nothing else in rollout-gym listens to them, so a
// signal never meets a gap between two handlers (where the default action would kill us with servers still running).
import { constants } from 'node:os';
import { RolloutGymError } from '../errors.ts';

/** The signals that stop a run cleanly (Ctrl-C, `kill`, a closed terminal). */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The conventional exit code of a process ended by `signal` (130 for SIGINT). */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** "Ctrl-C" for SIGINT, else the signal's name: how messages name what stopped us. */
export function signalLabel(signal: NodeJS.Signals): string {
  return signal === 'SIGINT' ? 'Ctrl-C' : signal;
}

/** The abort reason of `processStop.requested` and `processStop.hurried`. */
export interface StopReason {
  signal: NodeJS.Signals;
}

export interface StopHold extends Disposable {
  release(): void;
}

export interface HoldOptions {
  /** Where the second-signal notice goes. @default process.stderr */
  stderr?: NodeJS.WritableStream;
  /** Run on an uncaught error while held (e.g. stop every server), before exiting 70. */
  onFatal?: () => Promise<unknown>;
}

/**
 * While at least one part holds the stop, signals are turned into `requested` / `hurried` instead of killing the
 * process; with no holder left a signal exits at once with 128 + its number (what the default action reports).
 */
class ProcessStop {
  readonly #requested = new AbortController();
  readonly #hurried = new AbortController();
  readonly #holds = new Set<HoldOptions>();
  #installed = false;
  #count = 0;
  #first: NodeJS.Signals | undefined;

  /** Aborted (reason: StopReason) by the first stop signal. */
  get requested(): AbortSignal {
    return this.#requested.signal;
  }

  /** Aborted by the second stop signal: skip grace periods, kill instead of waiting. */
  get hurried(): AbortSignal {
    return this.#hurried.signal;
  }

  /** The first signal received, if any. */
  get signal(): NodeJS.Signals | undefined {
    return this.#first;
  }

  /** Take charge of the stop signals until released (a `using` declaration releases it on every path). */
  hold(options: HoldOptions = {}): StopHold {
    this.#install();
    const entry = { ...options };
    this.#holds.add(entry);
    const release = (): void => void this.#holds.delete(entry);
    return { release, [Symbol.dispose]: release };
  }

  #install(): void {
    if (this.#installed) return;
    this.#installed = true;
    for (const signal of STOP_SIGNALS) process.on(signal, this.#onSignal);
    process.on('uncaughtException', this.#onFatal);
    process.on('unhandledRejection', this.#onFatal);
  }

  readonly #onSignal = (signal: NodeJS.Signals): void => {
    this.#count++;
    this.#first ??= signal;
    if (this.#holds.size === 0 || this.#count >= 3) process.exit(exitCodeForSignal(this.#first));
    if (this.#count === 1) {
      this.#requested.abort({ signal } satisfies StopReason);
      return;
    }
    const stderr = [...this.#holds].find((hold) => hold.stderr)?.stderr ?? process.stderr;
    stderr.write(`\n${signalLabel(signal)} again: stopping now, without waiting for grace periods (${signalLabel(signal)} once more exits at once)\n`);
    this.#hurried.abort({ signal } satisfies StopReason);
  };

  readonly #onFatal = (error: unknown): void => {
    const stderr = [...this.#holds].find((hold) => hold.stderr)?.stderr ?? process.stderr;
    stderr.write(`error: unexpected failure (this is a bug in rollout-gym, please report it)\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    const teardowns = [...this.#holds].flatMap((hold) => (hold.onFatal ? [hold.onFatal()] : []));
    void Promise.allSettled(teardowns).finally(() => process.exit(70));
  };
}

/** The one stop coordinator of this process. */
export const processStop = new ProcessStop();

/** Resolves with the first stop signal (immediately when one already came). */
export function stopRequested(): Promise<NodeJS.Signals> {
  const { requested } = processStop;
  if (requested.aborted) return Promise.resolve((requested.reason as StopReason).signal);
  return new Promise((resolve) => requested.addEventListener('abort', () => resolve((requested.reason as StopReason).signal), { once: true }));
}

/** After a stop signal: throw the error that ends the command with 128 + signal, saying `what` happened to the work. */
export function throwIfStopped(what: string): void {
  const signal = processStop.signal;
  if (signal === undefined) return;
  throw new RolloutGymError(`stopped by ${signalLabel(signal)} ${what}`, { code: 'RG_COLLECTION', exitCode: exitCodeForSignal(signal) });
}

/**
 * Hold the stop and call `listener` with the first stop signal (at once when one already came), until disposed:
 * how a command that is not a collection (a merge, a re-verification, a launcher's shards) reacts to Ctrl-C.
 */
export function onStopRequested(listener: (signal: NodeJS.Signals) => void, options: HoldOptions = {}): Disposable {
  const hold = processStop.hold(options);
  const { requested } = processStop;
  const onAbort = (): void => listener((requested.reason as StopReason).signal);
  if (requested.aborted) onAbort();
  else requested.addEventListener('abort', onAbort, { once: true });
  return {
    [Symbol.dispose]() {
      requested.removeEventListener('abort', onAbort);
      hold.release();
    },
  };
}
