// Why a collection stops early, from every source in one place: a stop signal (Ctrl-C, SIGTERM, SIGHUP), a server
// exiting (e2e), or an error that ends the run (a failed write, a refused API key, servers gone).
import { RolloutGymError } from '../errors.ts';
import { onStopRequested, signalLabel } from '../servers/on-signal.ts';
import type { RolloutFailure } from './failure-class.ts';

export interface ServerExitEvent {
  name: string;
  code?: number | null;
  signal?: string | null;
}

export interface RunStop extends Disposable {
  /** Aborted with the RolloutFailure that stopped the run (class `cancelled` is never recorded for a rollout). */
  readonly signal: AbortSignal;
  /** Stop the run with `error`, the error the command then ends with. */
  stopWith(error: unknown): void;
  /** Why the run stopped, if it did. */
  readonly reason: RolloutFailure | undefined;
  /** True when it stopped because a file could not be written (nothing more can be written then). */
  readonly writeFailed: boolean;
}

/** Watch every stop source until disposed. */
export function watchRunStop(onServerExit?: (listener: (event: ServerExitEvent) => void) => unknown): RunStop {
  const stop = new AbortController();
  const abort = (reason: RolloutFailure): void => {
    if (!stop.signal.aborted) stop.abort(reason);
  };
  const stopSignal = onStopRequested((signal) => abort({ failureClass: 'cancelled', message: `stopped by ${signalLabel(signal)}`, signal }));
  onServerExit?.((event) => {
    const how = event.signal ? `signal ${event.signal}` : `exit code ${event.code ?? '?'}`;
    abort({ failureClass: 'server_died', message: `server \`${event.name}\` exited (${how}) during collection` });
  });
  return {
    signal: stop.signal,
    stopWith: (error) => abort({ failureClass: 'cancelled', message: (error as Error).message, error }),
    get reason() {
      return stop.signal.aborted ? (stop.signal.reason as RolloutFailure) : undefined;
    },
    get writeFailed() {
      const error = (stop.signal.reason as RolloutFailure | undefined)?.error;
      return error instanceof RolloutGymError && error.code === 'RG_FILE';
    },
    [Symbol.dispose]: () => stopSignal[Symbol.dispose](),
  };
}
