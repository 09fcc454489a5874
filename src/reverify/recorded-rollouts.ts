// What a run recorded: the reward of each rollout (to compare), the agents it used, and where each input row is.
import { InputError } from '../errors.ts';
import { readJsonl } from '../rollouts/jsonl-reader.ts';
import { readJsonlWithOffsets } from '../rollouts/jsonl-offsets.ts';
import { agentNameOf, keyOfRow } from '../rollouts/rollout-key.ts';

export type RolloutKey = number | string;

export interface RecordedRollouts {
  /** Recorded reward by rollout key (null when the rollout has none), for the first `limit` rollouts. */
  rewards: Map<RolloutKey, number | null>;
  agents: Set<string>;
}

export function rewardOf(row: Record<string, unknown>): number | null {
  return typeof row.reward === 'number' ? row.reward : typeof row.reward === 'boolean' ? Number(row.reward) : null;
}

/** The first `limit` rollouts of the file (0 = all). */
export async function* rolloutsOf(path: string, display: string, limit: number): AsyncGenerator<Record<string, unknown>> {
  let count = 0;
  for await (const { value } of readJsonl(path, { displayPath: display })) {
    if (limit > 0 && count >= limit) return;
    count++;
    yield value;
  }
}

export async function readRecordedRollouts(path: string, display: string, limit: number): Promise<RecordedRollouts> {
  const rewards = new Map<RolloutKey, number | null>();
  const agents = new Set<string>();
  for await (const row of rolloutsOf(path, display, limit)) {
    const key = keyOfRow(row);
    if (rewards.has(key)) {
      throw new InputError(`'${display}' holds rollout (${String(row._ng_task_index)}, ${String(row._ng_rollout_index)}) twice`, {
        file: display,
        hint: 'each rollout is re-verified once: remove the duplicate line (was the file appended to twice?)',
      });
    }
    rewards.set(key, rewardOf(row));
    const agent = agentNameOf(row);
    if (agent !== undefined) agents.add(agent);
  }
  return { rewards, agents };
}

export interface RolloutsSource {
  path: string;
  display: string;
  limit: number;
}

/** Byte offset of the materialized input row of every wanted key; a rollout without its input is an error. */
export async function indexInputs(path: string, display: string, wanted: ReadonlyMap<RolloutKey, unknown>, rollouts: RolloutsSource): Promise<Map<RolloutKey, number>> {
  const offsets = new Map<RolloutKey, number>();
  for await (const { value, offset } of readJsonlWithOffsets(path, { displayPath: display })) {
    const key = keyOfRow(value);
    if (wanted.has(key) && !offsets.has(key)) offsets.set(key, offset);
  }
  const missing = wanted.size - offsets.size;
  if (missing === 0) return offsets;
  const examples: string[] = [];
  for await (const row of rolloutsOf(rollouts.path, rollouts.display, rollouts.limit)) {
    if (examples.length === 5) break;
    if (!offsets.has(keyOfRow(row))) examples.push(`(${String(row._ng_task_index)}, ${String(row._ng_rollout_index)})`);
  }
  throw new InputError(`${missing} rollouts of '${rollouts.display}' have no materialized input row in '${display}', e.g. ${examples.join(', ')}`, {
    file: display,
    hint: `--inputs must be the <output stem>_materialized_inputs.jsonl written by the run that wrote ${rollouts.display}`,
  });
}
