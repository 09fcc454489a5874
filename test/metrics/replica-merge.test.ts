// +shard_mode=replica: whole runs with other seeds merge with renumbered rollouts; pass@k counted by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnCli } from '../helpers/cli.ts';
import { readJsonlFile, tempDir } from '../rollouts/collect-helpers.ts';
import { assertExit, filesStartingWith } from './metrics-helpers.ts';
import { writeHandRun } from './shard-files.ts';

test('seed replicas are renumbered r*k+j in natural file order, and pass@k counts every rollout of a task', async () => {
  const dir = tempDir();
  // rs2 sorts before rs10 (natural order): it is replica 0. k = 2 rollouts per task in each replica.
  writeHandRun(dir, 'rollouts-rs2', { rewards: { 0: [1, 0], 1: [0, 0], 2: [1, 1] }, manifest: { settings: { responses_create_params: { seed: 2 } } } });
  writeHandRun(dir, 'rollouts-rs10', { rewards: { 0: [0, 0], 1: [0, 1], 2: [1, 0] }, manifest: { settings: { responses_create_params: { seed: 10 } } } });

  const asShards = await spawnCli('ng_aggregate_rollouts', ['+input_glob=rollouts-rs*.jsonl', '+output_jsonl_fpath=merged.jsonl'], { cwd: dir });
  assertExit(asShards, 1);
  assert.match(String(asShards.stderr), /the rollouts overlap: 6 rollouts/);
  assert.match(String(asShards.stderr), /merge with \+shard_mode=replica/);
  assert.deepEqual(filesStartingWith(dir, 'merged'), []);

  const result = await spawnCli('ng_aggregate_rollouts', ['+input_glob=rollouts-rs*.jsonl', '+output_jsonl_fpath=merged.jsonl', '+shard_mode=replica'], { cwd: dir });
  assertExit(result, 0);
  assert.match(String(result.stdout), /Aggregating 2 replicas:/);
  assert.match(String(result.stdout), /note: replicas \(replica r's rollout j is merged as rollout r\*2\+j\): 0 = rollouts-rs2\.jsonl, 1 = rollouts-rs10\.jsonl/);
  assert.match(String(result.stdout), /note: the replicas differ \(as seeds make them\): rollouts-rs10\.jsonl ran responses_create_params=\{"seed":10\}/);

  const merged = readJsonlFile(join(dir, 'merged.jsonl'));
  const rewardsOf = (task: number): number[] =>
    merged.filter((row) => row._ng_task_index === task).sort((a, b) => Number(a._ng_rollout_index) - Number(b._ng_rollout_index)).map((row) => Number(row.reward));
  assert.deepEqual(rewardsOf(0), [1, 0, 0, 0], 'task 0: rs2 rollouts 0, 1 then rs10 rollouts 0, 1 as 2, 3');
  assert.deepEqual(rewardsOf(1), [0, 0, 0, 1]);
  assert.deepEqual(rewardsOf(2), [1, 1, 1, 0]);
  const rs10Task0 = merged.filter((row) => row._ng_task_index === 0 && row._ng_replica_index === 1).map((row) => row._ng_rollout_index);
  assert.deepEqual(rs10Task0, [2, 3]);

  // By hand, n = 4 rollouts per task; correct c = 1, 1, 3.
  // pass@1 = c/n: 1/4, 1/4, 3/4; pass@2 = 1 - C(n-c,2)/C(4,2): 1 - 3/6, 1 - 3/6, 1 - 0/6; pass@4 = 1 for every task.
  // mean@1 = first rollout (replica 0's rollout 0): 1, 0, 1; mean@4 = c/n.
  const [metrics] = JSON.parse(readFileSync(join(dir, 'merged_aggregate_metrics.json'), 'utf8')) as Record<string, any>[];
  const close = (actual: number, expected: number, key: string): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${key}: ${actual} vs ${expected}`);
  close(metrics!.agent_metrics['pass@1/reward'], (100 * (1 / 4 + 1 / 4 + 3 / 4)) / 3, 'pass@1');
  close(metrics!.agent_metrics['pass@2/reward'], (100 * (1 / 2 + 1 / 2 + 1)) / 3, 'pass@2');
  assert.equal(metrics!.agent_metrics['pass@4/reward'], 100);
  close(metrics!.agent_metrics['mean@1/reward'], 2 / 3, 'mean@1');
  close(metrics!.agent_metrics['mean@4/reward'], (1 / 4 + 1 / 4 + 3 / 4) / 3, 'mean@4');
  assert.equal(metrics!.agent_metrics['pass@3/reward'], undefined);
  assert.deepEqual(metrics!.coverage, { attempted: 12, succeeded: 12, failed: 0, failed_by_class: {}, expected: 12, not_attempted: 0 });
  assert.deepEqual(metrics!.group_level_metrics[0].rollout_infos.map((info: { rollout_id: string }) => info.rollout_id), ['0:0', '0:1', '0:2', '0:3']);
});

test('replicas of different inputs, or a shard passed as a replica, are refused', async () => {
  const dir = tempDir();
  writeHandRun(dir, 'rollouts-rs0', { rewards: { 0: [1, 0] }, manifest: {} });
  writeHandRun(dir, 'rollouts-rs1', { rewards: { 0: [1, 1] }, manifest: { input_sha256: 'e'.repeat(64) } });
  writeHandRun(dir, 'rollouts-rs2', { rewards: { 0: [0, 1] }, manifest: { shard: { index: 0, count: 2 } } });
  const result = await spawnCli('ng_aggregate_rollouts', ['+input_glob=rollouts-rs*.jsonl', '+output_jsonl_fpath=merged.jsonl', '+shard_mode=replica'], { cwd: dir });
  assertExit(result, 1);
  assert.match(String(result.stderr), /these files are not seed replicas of one input/);
  assert.match(String(result.stderr), /rollouts-rs2\.jsonl is shard 0 of 2, not a whole run: merge each replica's shards first/);
  assert.match(String(result.stderr), /rollouts-rs1\.jsonl has another input than rollouts-rs0\.jsonl/);
  assert.deepEqual(filesStartingWith(dir, 'merged'), []);
});

test('replicas without manifests take k from the files: the largest rollout index plus one', async () => {
  const dir = tempDir();
  writeHandRun(dir, 'seed_a', { rewards: { 0: [1, 0, 0], 1: [0] } });
  writeHandRun(dir, 'seed_b', { rewards: { 0: [1], 1: [1, 1] } });
  const result = await spawnCli('ng_aggregate_rollouts', ['+input_glob=seed_*.jsonl', '+output_jsonl_fpath=merged.jsonl', '+shard_mode=replica'], { cwd: dir });
  assertExit(result, 0);
  assert.match(String(result.stdout), /note: not checked \(no run manifest beside them/);
  assert.match(String(result.stdout), /rollout r\*3\+j\): 0 = seed_a\.jsonl, 1 = seed_b\.jsonl/);
  const keys = readJsonlFile(join(dir, 'merged.jsonl')).map((row) => `${row._ng_task_index}:${row._ng_rollout_index}`).sort();
  assert.deepEqual(keys, ['0:0', '0:1', '0:2', '0:3', '1:0', '1:3', '1:4']);
});
