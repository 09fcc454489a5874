// The error for a collection that stopped early (a server died, or Ctrl-C): what happened and how to continue.
import { RolloutGymError, ServerError } from '../errors.ts';
import { exitCodeForSignal } from '../servers/on-signal.ts';
import type { RolloutFailure } from './failure-class.ts';

export function stoppedError(reason: RolloutFailure, rolloutsPath: string): unknown {
  if (reason.error !== undefined) return reason.error;
  const hint = `fix the cause, then continue where it stopped with the same command plus +resume_from_cache=true (writes to ${rolloutsPath})`;
  if (reason.failureClass === 'server_died') {
    return new ServerError(`${reason.message}; rollouts in flight were recorded as server_died and the rest were not started`, { code: 'RG_SERVER_DIED', hint });
  }
  const exitCode = reason.signal ? exitCodeForSignal(reason.signal) : 1;
  return new RolloutGymError(`rollout collection ${reason.message}; finished rollouts are kept`, { code: 'RG_COLLECTION', hint, exitCode });
}
