// NeMo Gym's `compute_aggregate_metrics` with an environment's hooks: `compute_metrics` over the verify
// responses grouped by task (its `per_task_metrics` merged into the task's group), then `get_key_metrics`.
import { computeAggregateMetrics, keyMetricsOf } from './aggregate-metrics.ts';

export interface MetricsHooks {
  /** Extra agent-level metrics from every verify response, grouped by task (NeMo's `compute_metrics`). */
  computeMetrics?(tasks: Record<string, unknown>[][]): Record<string, unknown>;
  /** The headline metrics (NeMo's `get_key_metrics`); default: every `mean/*` entry. */
  getKeyMetrics?(agentMetrics: Record<string, unknown>): Record<string, unknown>;
}

/** What `/aggregate_metrics` answers: NeMo's `AggregateMetrics` (values are whatever the environment computed). */
export interface EnvironmentAggregateMetrics {
  group_level_metrics: Record<string, unknown>[];
  agent_metrics: Record<string, unknown>;
  key_metrics: Record<string, unknown>;
}

/** The body of a resources server's (or an agent's own) `/aggregate_metrics` answer. */
export function aggregateMetricsWithHooks(verifyResponses: Record<string, unknown>[], hooks: MetricsHooks = {}): EnvironmentAggregateMetrics {
  if (verifyResponses.length === 0) return { group_level_metrics: [], agent_metrics: {}, key_metrics: {} };
  const base = computeAggregateMetrics(verifyResponses);
  const groups: Record<string, unknown>[] = base.group_level_metrics;
  const agentMetrics: Record<string, unknown> = { ...base.agent_metrics };
  if (hooks.computeMetrics) {
    const { per_task_metrics: perTask, ...custom } = hooks.computeMetrics(groupByTask(verifyResponses));
    if (Array.isArray(perTask)) mergePerTaskMetrics(groups, perTask as Record<string, unknown>[]);
    Object.assign(agentMetrics, custom);
  }
  const keyMetrics = hooks.getKeyMetrics ? hooks.getKeyMetrics(agentMetrics) : keyMetricsOf(agentMetrics);
  return { group_level_metrics: groups, agent_metrics: agentMetrics, key_metrics: keyMetrics };
}

/** Verify responses grouped by `_ng_task_index` (missing = 0), tasks ascending, rows in the order given. */
export function groupByTask(rows: Record<string, unknown>[]): Record<string, unknown>[][] {
  const groups = new Map<number, Record<string, unknown>[]>();
  for (const row of rows) {
    const task = typeof row._ng_task_index === 'number' ? row._ng_task_index : 0;
    const group = groups.get(task) ?? [];
    group.push(row);
    groups.set(task, group);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((task) => groups.get(task)!);
}

function mergePerTaskMetrics(groups: Record<string, unknown>[], perTask: Record<string, unknown>[]): void {
  const byTask = new Map(perTask.map((entry) => [entry._ng_task_index, entry]));
  for (const group of groups) {
    const extra = byTask.get(group._ng_task_index);
    if (extra === undefined) continue;
    for (const [key, value] of Object.entries(extra)) if (key !== '_ng_task_index') group[key] = value;
  }
}
