// The metrics of a set of rollouts do not depend on the order the rollouts arrive in: sums run in
// (task, rollout) order and columns are ordered by where they first appear in that order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeAggregateMetrics } from '../../src/metrics/aggregate-metrics.ts';
import { aggregateMetricsWithHooks } from '../../src/metrics/metrics-hooks.ts';

const row = (task: number, rollout: number, fields: Record<string, unknown>): Record<string, unknown> => ({ _ng_task_index: task, _ng_rollout_index: rollout, ...fields });

test('arrival order changes the last digit of a plain sum, never the metrics', () => {
  const rows = [row(0, 0, { reward: 0.1 }), row(1, 0, { reward: 0.2 }), row(2, 0, { reward: 0.3 })];
  const arrived = [rows[2]!, rows[1]!, rows[0]!];
  const plainMean = (list: Record<string, unknown>[]): number => list.reduce((sum, r) => sum + Number(r.reward), 0) / list.length;
  assert.notEqual(plainMean(rows), plainMean(arrived), '(0.1 + 0.2) + 0.3 and (0.3 + 0.2) + 0.1 differ in the last digit');

  const inOrder = computeAggregateMetrics(rows);
  const outOfOrder = computeAggregateMetrics(arrived);
  assert.equal(inOrder.agent_metrics['mean/reward'], plainMean(rows), 'the sum runs in (task, rollout) order');
  assert.equal(JSON.stringify(outOfOrder), JSON.stringify(inOrder), 'the same bytes whatever the arrival order');
  assert.equal(outOfOrder.agent_metrics['std/reward'], inOrder.agent_metrics['std/reward']);
});

test('columns are ordered by first appearance in (task, rollout) order, not in arrival order', () => {
  const usage = (input: number) => ({ response: { usage: { input_tokens: input, output_tokens: 1 } } });
  const rows = [
    row(0, 0, { reward: 1, accuracy: true, ...usage(3) }),
    row(0, 1, { reward: 0, judge_score: 0.5, ...usage(4) }),
    row(1, 0, { reward: 1, latency: 2, ...usage(5) }),
  ];
  const shardOrder = [rows[2]!, rows[1]!, rows[0]!];
  const expectedColumns = ['reward', 'accuracy', 'input_tokens', 'output_tokens', 'judge_score', 'latency'];
  const columns = (metrics: ReturnType<typeof computeAggregateMetrics>): string[] =>
    Object.keys(metrics.agent_metrics).filter((key) => key.startsWith('mean/') && !key.includes('@')).map((key) => key.slice(5));
  assert.deepEqual(columns(computeAggregateMetrics(rows)), expectedColumns);
  assert.deepEqual(columns(computeAggregateMetrics(shardOrder)), expectedColumns);
  const infos = computeAggregateMetrics(shardOrder).group_level_metrics[0]!.rollout_infos;
  assert.deepEqual(Object.keys(infos[0]!), ['rollout_id', '_ng_task_index', '_ng_rollout_index', 'reward', 'input_tokens', 'output_tokens', 'accuracy'], 'usage columns right after the reward');
  assert.equal(JSON.stringify(computeAggregateMetrics(shardOrder)), JSON.stringify(computeAggregateMetrics(rows)));
});

test("an environment's compute_metrics and get_key_metrics shape the answer as NeMo Gym's do", () => {
  const rows = [row(1, 0, { reward: 1 }), row(0, 0, { reward: 0 }), row(0, 1, { reward: 1 })];
  const seen: unknown[] = [];
  const answer = aggregateMetricsWithHooks(rows, {
    computeMetrics(tasks) {
      seen.push(tasks.map((task) => task.map((r) => r._ng_rollout_index)));
      return { 'mean/custom': 7, per_task_metrics: [{ _ng_task_index: 1, 'custom/note': 'second task' }] };
    },
  });
  assert.deepEqual(seen, [[[0, 1], [0]]], 'grouped by task, tasks ascending');
  assert.equal(answer.agent_metrics['mean/custom'], 7);
  assert.equal(answer.key_metrics['mean/custom'], 7, 'default key metrics are taken after the custom ones are merged');
  assert.equal(answer.group_level_metrics[1]!['custom/note'], 'second task', 'per_task_metrics go into their task\'s group');
  assert.equal(answer.agent_metrics.per_task_metrics, undefined);
  const keyed = aggregateMetricsWithHooks(rows, { getKeyMetrics: (agent) => ({ headline: agent['mean/reward'] }) });
  assert.deepEqual(keyed.key_metrics, { headline: 2 / 3 });
  assert.deepEqual(aggregateMetricsWithHooks([]), { group_level_metrics: [], agent_metrics: {}, key_metrics: {} });
});
