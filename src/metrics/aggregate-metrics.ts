// NeMo Gym's aggregate metrics (SPEC 3.5) plus pass@k / mean@k, computed from columns of numbers.
//
// Every sum runs over the rows in (task, rollout) order, never in arrival order: floating-point addition is
// not associative, so this is what makes a merge of shards byte-identical to one unsharded run.
import { InputError } from '../errors.ts';
import { statKeys } from './column-stats.ts';
import { passAndMeanAtK } from './pass-at-k.ts';
import { RolloutColumns } from './rollout-columns.ts';

export interface RolloutInfo {
  rollout_id: string;
  _ng_task_index: number;
  _ng_rollout_index: number;
  [column: string]: number | string;
}

export interface GroupLevelMetrics {
  _ng_task_index: number;
  sample: { agent_ref: Record<string, unknown> };
  num_rollouts: number;
  expected_num_rollouts: number;
  missing_num_rollouts: number;
  reward_profile_completion_pct: number;
  rollout_infos: RolloutInfo[];
  [statKey: string]: unknown;
}

export interface AggregateMetrics {
  group_level_metrics: GroupLevelMetrics[];
  agent_metrics: Record<string, number>;
  key_metrics: Record<string, number>;
}

/** The agent-level half of the metrics, with group-level entries produced lazily (one task at a time). */
export interface StreamedAggregateMetrics {
  agent_metrics: Record<string, number>;
  key_metrics: Record<string, number>;
  groupLevelMetrics(): Generator<GroupLevelMetrics>;
}

/**
 * NeMo Gym's rows inside `/aggregate_metrics` all carry `agent_ref: {name: "agent"}`, so that is every group's
 * `sample`; the entry's own `agent_ref` names the agent.
 */
const SAMPLE_AGENT_REF = { name: 'agent' };

/** Default key metrics (NeMo's `get_key_metrics`): every `mean/*` entry. */
export function keyMetricsOf<Value>(agentMetrics: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(Object.entries(agentMetrics).filter(([key]) => key.startsWith('mean/')));
}

/**
 * Incremental aggregate metrics: `add` each verify response as it arrives; memory is a few numbers per
 * rollout (never the rows). `finish` sorts by (task, rollout) and yields NeMo's shape.
 */
export class AggregateMetricsAccumulator {
  readonly #columns = new RolloutColumns();

  get size(): number {
    return this.#columns.size;
  }

  add(verifyResponse: Record<string, unknown>): void {
    this.#columns.add(verifyResponse);
  }

  /** Compute the metrics; throws InputError on a duplicate (task, rollout) key. */
  finish(): StreamedAggregateMetrics {
    const store = this.#columns;
    store.sortByKey();
    const size = store.size;
    const columns = store.columns();
    const starts: number[] = [];
    for (let row = 0; row < size; row++) {
      const sameTask = row > 0 && store.taskIndex(row - 1) === store.taskIndex(row);
      if (sameTask && store.rolloutIndex(row - 1) === store.rolloutIndex(row)) {
        throw new InputError(`Duplicate result row for rollout key (${store.taskIndex(row)}, ${store.rolloutIndex(row)})`, {
          hint: 'every rollout of an agent needs a unique (_ng_task_index, _ng_rollout_index); rows without them count as (0, 0)',
        });
      }
      if (!sameTask) starts.push(row);
    }
    starts.push(size);

    const agentMetrics = size === 0 ? {} : statKeys(columns, size);
    const rewards = columns.get('reward');
    if (rewards !== undefined) {
      const tasks: Float64Array[] = [];
      for (let g = 0; g + 1 < starts.length; g++) {
        const taskRewards = rewards.subarray(starts[g]!, starts[g + 1]!);
        // A rollout without a reward cannot count towards pass@k; those tasks are left out.
        if (!taskRewards.some(Number.isNaN)) tasks.push(taskRewards);
      }
      Object.assign(agentMetrics, passAndMeanAtK(tasks));
    }
    const usageColumns = store.usageColumns();

    function* groupLevelMetrics(): Generator<GroupLevelMetrics> {
      for (let g = 0; g + 1 < starts.length; g++) {
        const start = starts[g]!;
        const end = starts[g + 1]!;
        const groupColumns = new Map<string, Float64Array>();
        for (const [name, values] of columns) groupColumns.set(name, values.subarray(start, end));
        const infos: RolloutInfo[] = [];
        for (let row = start; row < end; row++) infos.push(rolloutInfo(row));
        yield {
          _ng_task_index: store.taskIndex(start),
          ...statKeys(groupColumns, end - start),
          sample: { agent_ref: SAMPLE_AGENT_REF },
          num_rollouts: end - start,
          expected_num_rollouts: end - start,
          missing_num_rollouts: 0,
          reward_profile_completion_pct: 100.0,
          rollout_infos: infos,
        };
      }
    }

    function rolloutInfo(row: number): RolloutInfo {
      const task = store.taskIndex(row);
      const rollout = store.rolloutIndex(row);
      const info: RolloutInfo = { rollout_id: `${task}:${rollout}`, _ng_task_index: task, _ng_rollout_index: rollout };
      const put = (name: string): void => {
        const value = columns.get(name)![row]!;
        if (!Number.isNaN(value)) info[name] = value;
      };
      if (columns.has('reward')) put('reward');
      for (const name of usageColumns) put(name);
      for (const name of columns.keys()) if (name !== 'reward' && !usageColumns.has(name)) put(name);
      return info;
    }

    return { agent_metrics: agentMetrics, key_metrics: keyMetricsOf(agentMetrics), groupLevelMetrics };
  }
}

/** NeMo Gym's `compute_aggregate_metrics` over a list of verify responses (empty list => empty metrics). */
export function computeAggregateMetrics(verifyResponses: Record<string, unknown>[]): AggregateMetrics {
  const accumulator = new AggregateMetricsAccumulator();
  for (const response of verifyResponses) accumulator.add(response);
  const result = accumulator.finish();
  return {
    group_level_metrics: [...result.groupLevelMetrics()],
    agent_metrics: result.agent_metrics,
    key_metrics: result.key_metrics,
  };
}
