// The bounded dispatch loop: reads materialized rows lazily, keeps at most `parallel` rollouts in flight.
import { asJsonlLine, withFieldsAppended } from '../kit/json-splice.ts';
import type { AgentClient } from './agent-client.ts';
import type { RolloutFailure } from './failure-class.ts';
import type { FailureJudge } from './failure-judge.ts';
import { readJsonl } from './jsonl-reader.ts';
import type { ProgressTracker } from './progress.ts';
import type { ResumeState } from './resume-state.ts';
import { agentNameOf, indicesOf } from './rollout-key.ts';
import type { JsonlAppender } from './run-files.ts';

export interface DispatchPlan {
  materializedPath: string;
  state: ResumeState;
  maxAttempts: number;
  parallel: number;
  client: AgentClient;
  agentUrls: ReadonlyMap<string, string>;
  rollouts: JsonlAppender;
  failures: JsonlAppender;
  tracker: ProgressTracker;
  /** Aborted with the RolloutFailure to record for in-flight rollouts (server_died), or class `cancelled`. */
  stop: AbortSignal;
  /** Stop the whole run with this error (a failed write, a refused API key, servers gone); in-flight rollouts are cancelled. */
  stopWith: (error: unknown) => void;
  /** Decides whether a failure is the run's rather than the rollout's (then it stops the run and is not recorded). */
  judge?: FailureJudge;
}

/** Run every rollout that still needs to run; failures become sidecar lines, successes rollout lines. */
export async function dispatchRollouts(plan: DispatchPlan): Promise<void> {
  let free = plan.parallel;
  let wake: (() => void) | undefined;
  const inFlight = new Set<Promise<void>>();
  const wakeOnStop = (): void => wake?.();
  plan.stop.addEventListener('abort', wakeOnStop, { once: true });
  const resume = plan.state.rows();
  for await (const { value: row, raw } of readJsonl(plan.materializedPath)) {
    if (plan.stop.aborted) break;
    const attempt = resume.next(row);
    if (attempt === undefined) continue;
    while (free === 0 && !plan.stop.aborted) await new Promise<void>((resolve) => (wake = resolve));
    if (plan.stop.aborted) break;
    free--;
    const running: Promise<void> = runOne(plan, row, attempt, raw).finally(() => {
      inFlight.delete(running);
      free++;
      wake?.();
      wake = undefined;
    });
    inFlight.add(running);
  }
  await Promise.all(inFlight);
  plan.stop.removeEventListener('abort', wakeOnStop);
}

/** One rollout, never rejecting: a failure to record it (a full disk) stops the run instead. */
async function runOne(plan: DispatchPlan, row: Record<string, unknown>, attempt: number, raw: string): Promise<void> {
  try {
    await runAndRecord(plan, row, attempt, raw);
  } catch (error) {
    plan.stopWith(error);
  }
}

async function runAndRecord(plan: DispatchPlan, row: Record<string, unknown>, attempt: number, raw: string): Promise<void> {
  const agent = agentNameOf(row)!;
  const indices = indicesOf(row);
  const body = attempt > 0 ? { ...row, _ng_attempt_index: attempt } : row;
  // A first attempt sends the materialized line as it is (it is that row's JSON); a retry adds its index.
  const outcome = await plan.client.run(plan.agentUrls.get(agent)!, body, plan.stop, attempt > 0 ? undefined : raw);
  const bookkeeping = { ...indices, agent_ref: row.agent_ref, ...(attempt > 0 ? { _ng_attempt_index: attempt } : {}) };
  if (outcome.ok) {
    const { result, text } = outcome;
    if (result._ng_no_persist) return;
    if (typeof result._ng_failure_class === 'string') {
      plan.failures.append({ ...result, ...bookkeeping });
      plan.tracker.recordFailure(result._ng_failure_class);
      return;
    }
    // The agent's text with the bookkeeping added is the line `{...result, ...bookkeeping}` would give,
    // without serialising the whole rollout again (a tenth of the collector's CPU per rollout).
    const textLine = asJsonlLine(text);
    const line = textLine === undefined ? undefined : withFieldsAppended(textLine, result, bookkeeping);
    if (line !== undefined) plan.rollouts.appendLine(line);
    else plan.rollouts.append({ ...result, ...bookkeeping });
    plan.tracker.recordSuccess(agent, result.reward);
    return;
  }
  const runStopper = plan.judge && outcome.failure.failureClass !== 'cancelled' ? await plan.judge(outcome.failure, plan.agentUrls.get(agent)!) : undefined;
  if (runStopper !== undefined) return plan.stopWith(runStopper);
  recordFailure(plan, bookkeeping, attempt, outcome.failure);
}

function recordFailure(plan: DispatchPlan, bookkeeping: Record<string, unknown>, attempt: number, failure: RolloutFailure): void {
  // A cancelled rollout (Ctrl-C) is neither done nor failed: a resume simply runs it.
  if (failure.failureClass === 'cancelled') return;
  plan.failures.append({
    ...bookkeeping,
    _ng_attempt_index: attempt,
    _ng_failure_class: failure.failureClass,
    error: failure.message,
    ...(failure.status !== undefined ? { http_status: failure.status } : {}),
  });
  plan.tracker.recordFailure(failure.failureClass);
}
