// The re-verification loop: each recorded rollout's materialized input plus its response, POSTed to its resources
// server's /verify with at most `parallel` in flight; results and failures appended as the collector appends them.
import { readLineAt } from '../rollouts/jsonl-offsets.ts';
import type { ResumeState } from '../rollouts/resume-state.ts';
import { agentNameOf, indicesOf, keyOfRow } from '../rollouts/rollout-key.ts';
import type { JsonlAppender } from '../rollouts/run-files.ts';
import type { ServerClient } from '../kit/server-client.ts';
import { rolloutsOf, type RolloutKey, type RolloutsSource } from './recorded-rollouts.ts';
import { verifyOnce } from './verify-call.ts';

export interface VerifyRunsPlan {
  rollouts: RolloutsSource;
  inputsFd: number;
  inputOffsets: ReadonlyMap<RolloutKey, number>;
  /** Agent name -> resources server name. */
  routes: ReadonlyMap<string, string>;
  client: ServerClient;
  state: ResumeState;
  maxAttempts: number;
  parallel: number;
  timeoutMs: number;
  out: JsonlAppender;
  failures: JsonlAppender;
  stop: AbortSignal;
  progress: (line: string) => void;
}

/** Re-verify every rollout that still needs it; returns how many succeeded and failed in this call. */
export async function verifyRuns(plan: VerifyRunsPlan): Promise<{ succeeded: number; failed: number }> {
  const counts = { succeeded: 0, failed: 0 };
  const total = plan.inputOffsets.size - plan.state.doneCount;
  // A line per tenth of the work, for runs long enough to want one.
  let nextReport = total >= 100 ? 0.1 : Infinity;
  const inFlight = new Set<Promise<void>>();
  const resume = plan.state.rows();
  for await (const rollout of rolloutsOf(plan.rollouts.path, plan.rollouts.display, plan.rollouts.limit)) {
    if (plan.stop.aborted) break;
    const attempt = resume.next(rollout);
    if (attempt === undefined) continue;
    while (inFlight.size >= plan.parallel) await Promise.race(inFlight);
    if (plan.stop.aborted) break;
    const running: Promise<void> = verifyOne(plan, rollout, attempt, counts).finally(() => {
      inFlight.delete(running);
      const done = counts.succeeded + counts.failed;
      if (total > 0 && done / total >= nextReport) {
        plan.progress(`re-verified ${done}/${total}${counts.failed > 0 ? ` (${counts.failed} failed)` : ''}`);
        while (done / total >= nextReport) nextReport += 0.1;
      }
    });
    inFlight.add(running);
  }
  await Promise.all(inFlight);
  return counts;
}

async function verifyOne(plan: VerifyRunsPlan, rollout: Record<string, unknown>, attempt: number, counts: { succeeded: number; failed: number }): Promise<void> {
  const key = keyOfRow(rollout);
  const input = readLineAt(plan.inputsFd, plan.inputOffsets.get(key)!);
  const agent = agentNameOf(rollout) ?? agentNameOf(input)!;
  const outcome = await verifyOnce(plan.client, plan.routes.get(agent)!, { ...input, response: rollout.response }, { timeoutMs: plan.timeoutMs, signal: plan.stop });
  const bookkeeping = { ...indicesOf(input), agent_ref: input.agent_ref ?? rollout.agent_ref, ...(input.skills_ref !== undefined ? { skills_ref: input.skills_ref } : {}) };
  if (outcome.ok) {
    const result: Record<string, unknown> = { ...outcome.result, ...bookkeeping };
    if (result._ng_no_persist) return;
    if (typeof result._ng_failure_class === 'string') {
      plan.failures.append(result);
      counts.failed++;
      return;
    }
    plan.out.append(result);
    counts.succeeded++;
    return;
  }
  // A call cancelled by Ctrl-C is neither done nor failed: --resume runs it.
  if (outcome.failure.failureClass === 'cancelled') return;
  plan.failures.append({ ...bookkeeping, _ng_attempt_index: attempt, _ng_failure_class: outcome.failure.failureClass, error: outcome.failure.message, ...(outcome.failure.status !== undefined ? { http_status: outcome.failure.status } : {}) });
  counts.failed++;
}
