// NeMo Gym's `profile_completion_summary`, tallied task by task, and its checks: rollouts without an input are an
// error, and so are inputs without a rollout unless a partial profile was asked for.
import { InputError } from '../errors.ts';
import type { InputRecord, RolloutRecord } from './task-groups.ts';

export interface CompletionSummary {
  expected_rollout_rows: number;
  completed_rollout_rows: number;
  missing_rollout_rows: number;
  extra_rollout_rows: number;
  reward_profile_completion_pct: number;
  total_input_rows: number;
  complete_input_rows: number;
  partial_input_rows: number;
  missing_input_rows: number;
}

function keysText(keys: readonly [number, number][]): string {
  return `[${keys.map(([t, r]) => `(${t}, ${r})`).join(', ')}]`;
}

export class CompletionTally {
  readonly summary: CompletionSummary = {
    expected_rollout_rows: 0,
    completed_rollout_rows: 0,
    missing_rollout_rows: 0,
    extra_rollout_rows: 0,
    reward_profile_completion_pct: 100,
    total_input_rows: 0,
    complete_input_rows: 0,
    partial_input_rows: 0,
    missing_input_rows: 0,
  };
  readonly #missingKeys: [number, number][] = [];
  readonly #extraKeys: [number, number][] = [];

  /** One task: its inputs, how many of them have a rollout, and the inputs / rollouts left unpaired. */
  add(inputs: number, matched: number, missing: readonly InputRecord[], extra: readonly RolloutRecord[]): void {
    const s = this.summary;
    for (const record of missing) if (this.#missingKeys.length < 10) this.#missingKeys.push([record.t, record.r]);
    for (const record of extra) if (this.#extraKeys.length < 10) this.#extraKeys.push([record.t, record.r]);
    s.expected_rollout_rows += inputs;
    s.completed_rollout_rows += matched;
    s.missing_rollout_rows = s.expected_rollout_rows - s.completed_rollout_rows;
    s.extra_rollout_rows += extra.length;
    s.reward_profile_completion_pct = s.expected_rollout_rows === 0 ? 100 : (100 * s.completed_rollout_rows) / s.expected_rollout_rows;
    if (inputs === 0) return;
    s.total_input_rows++;
    if (matched === inputs) s.complete_input_rows++;
    else if (matched > 0) s.partial_input_rows++;
    else s.missing_input_rows++;
  }

  /** NeMo Gym's two refusals, with its messages. */
  check(allowPartial: boolean, displayRollouts: string): void {
    const s = this.summary;
    if (s.extra_rollout_rows > 0) {
      throw new InputError(
        `Rollout results contain rows with no matching materialized input rows. Found ${s.extra_rollout_rows} extra rollout rows. Extra rollout keys: ${keysText(this.#extraKeys)}`,
        { file: displayRollouts, hint: `--inputs must be the materialized inputs of the run that wrote ${displayRollouts}` },
      );
    }
    if (s.missing_rollout_rows > 0 && !allowPartial) {
      throw new InputError(
        `Materialized input rows and rollout results do not have matching rollout keys. Missing rollout results for ${s.missing_rollout_rows} materialized input rows. Missing rollout keys: ${keysText(this.#missingKeys)}.`,
        { file: displayRollouts, hint: 'finish the run (--resume), or add ++allow_partial_rollouts=true to profile the rollouts there are' },
      );
    }
  }
}
