// End to end: an unsharded run and the same rows collected as 3 shards, merged by ng_aggregate_rollouts,
// give byte-identical _aggregate_metrics.json (environment metrics and local ones alike) and the same rollouts.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { spawnCli } from '../helpers/cli.ts';
import { assertAllGone, readJsonlFile } from '../rollouts/collect-helpers.ts';
import { assertExit, markAsShard, scoredProject, scoredRows, startStack, writeRows } from './metrics-helpers.ts';

// Chosen so that summing the rewards in shard order gives other last digits than in (task, rollout) order.
const SCORES = [0, 0.315, 0.556, 0.587, 0.328, 0.19, 0.47, 0.789, 0.793];
const FAILING_TASK = 4;

const linesOf = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
const keyOf = (row: Record<string, unknown>): string => `${row._ng_task_index}:${row._ng_rollout_index}`;

test('3 shards merged give the bytes of the unsharded run: environment metrics, local metrics, coverage and failures', { timeout: 300_000 }, async () => {
  const { cwd, configPaths } = scoredProject();
  mkdirSync(join(cwd, 'inputs'));
  const record = join(cwd, 'aggregate-requests.jsonl');
  const stack = await startStack(cwd, [configPaths, `++scored_env.resources_servers.scored_env.record_path=${record}`]);
  const pids = [...stack.pids];
  const rows = scoredRows(SCORES, new Set([FAILING_TASK]));
  try {
    const collect = async (name: string, slice: Record<string, unknown>[]): Promise<void> => {
      const run = spawnCli('ng_collect_rollouts', [
        `+head_server.port=${stack.headPort}`,
        '+agent_name=scored_env_agent',
        `+input_jsonl_fpath=${writeRows(join(cwd, 'inputs', `${name}.jsonl`), slice)}`,
        `+output_jsonl_fpath=${join(cwd, `${name}.jsonl`)}`,
        '+num_repeats=2',
        '+num_samples_in_parallel=4',
        '+max_failure_fraction=1',
      ], { cwd });
      const result = await run;
      pids.push(run.pid!);
      assertExit(result, 0);
      assert.doesNotMatch(String(result.stdout), /POST \/aggregate_metrics/, 'the environment answered: no note, no warning');
    };
    await collect('run', rows);
    const [request] = readJsonlFile(record) as { keys: string[]; responseKeys: string[]; order: number[][] }[];
    assert.ok(!request!.keys.includes('responses_create_params'), 'responses_create_params is stripped');
    assert.deepEqual(request!.responseKeys, ['usage'], 'response is stripped to its usage');
    assert.deepEqual(request!.order, [0, 1, 2, 3, 5, 6, 7, 8].flatMap((task) => [[task, 0], [task, 1]]), 'sent in (task, rollout) order');

    const wholeInput = (JSON.parse(readFileSync(join(cwd, 'run_run_manifest.json'), 'utf8')) as { input: unknown }).input;
    for (const index of [0, 1, 2]) {
      await collect(`shard_${index}`, rows.filter((_, task) => task % 3 === index));
      markAsShard(join(cwd, `shard_${index}_run_manifest.json`), { index, count: 3 }, { input: wholeInput });
    }
  } finally {
    await stack.stop();
  }

  // The environment's own metrics reached the unsharded run's file, with our pass@k and coverage.
  const [single] = JSON.parse(readFileSync(join(cwd, 'run_aggregate_metrics.json'), 'utf8')) as Record<string, any>[];
  assert.equal(single!.agent_metrics['custom/best_task_mean'], 0.793);
  assert.equal(single!.agent_metrics['custom/tasks_seen'], 8);
  assert.deepEqual(Object.keys(single!.key_metrics), ['mean/reward', 'custom/best_task_mean']);
  assert.equal(single!.group_level_metrics[0]['custom/rollouts_seen'], 2);
  assert.equal(single!.agent_metrics['pass@2/reward'], 100 * (SCORES.reduce((a, b) => a + b) - SCORES[FAILING_TASK]!) / 8);
  assert.deepEqual(single!.coverage, { attempted: 18, succeeded: 16, failed: 2, failed_by_class: { upstream_error: 2 }, expected: 18, not_attempted: 0 });

  // Merged with the config: only the agent and its resources server start, and the bytes are the unsharded run's.
  const merge = spawnCli('ng_aggregate_rollouts', [configPaths, `+head_server.port=${await freePort()}`, '+input_glob=shard_*.jsonl', '+output_jsonl_fpath=merged.jsonl'], { cwd });
  const merged = await merge;
  pids.push(merge.pid!);
  assertExit(merged, 0);
  assert.match(String(merged.stdout), /Starting scored_env, scored_env_agent for their POST \/aggregate_metrics\n/);
  assert.match(String(merged.stdout), /Key metrics for scored_env_agent \(16 rollouts, from its environment\)/);
  assert.ok(readFileSync(join(cwd, 'merged_aggregate_metrics.json')).equals(readFileSync(join(cwd, 'run_aggregate_metrics.json'))), 'byte-identical _aggregate_metrics.json');

  const shardLines = [0, 1, 2].flatMap((index) => linesOf(join(cwd, `shard_${index}.jsonl`)));
  assert.deepEqual(linesOf(join(cwd, 'merged.jsonl')).sort(), [...shardLines].sort(), 'the merged rollouts are the shards\' lines');
  assert.deepEqual(readJsonlFile(join(cwd, 'merged.jsonl')).map(keyOf).sort(), readJsonlFile(join(cwd, 'run.jsonl')).map(keyOf).sort(), 'the same rollouts as the unsharded run');
  assert.equal(readJsonlFile(join(cwd, 'merged_failures.jsonl')).length, 2);
  assert.equal(readJsonlFile(join(cwd, 'merged_materialized_inputs.jsonl')).length, 18);

  // The merge order would have shown in the last digits had the sums run in arrival order.
  const rewards = readJsonlFile(join(cwd, 'merged.jsonl')).map((row) => Number(row.reward));
  const sortedRewards = readJsonlFile(join(cwd, 'merged.jsonl')).sort((a, b) => Number(a._ng_task_index) - Number(b._ng_task_index) || Number(a._ng_rollout_index) - Number(b._ng_rollout_index)).map((row) => Number(row.reward));
  assert.notEqual(rewards.reduce((a, b) => a + b), sortedRewards.reduce((a, b) => a + b), 'the data makes the summation order visible');

  // Offline (no config): computed here, the same bytes from the shards as from the unsharded run.
  const offlineMerged = spawnCli('ng_aggregate_rollouts', ['+input_glob=shard_*.jsonl', '+output_jsonl_fpath=offline_merged.jsonl'], { cwd });
  const offlineSingle = spawnCli('ng_aggregate_rollouts', ['+input_glob=run.jsonl', '+output_jsonl_fpath=offline_single.jsonl'], { cwd });
  assertExit(await offlineMerged, 0);
  assertExit(await offlineSingle, 0);
  pids.push(offlineMerged.pid!, offlineSingle.pid!);
  const offline = readFileSync(join(cwd, 'offline_merged_aggregate_metrics.json'));
  assert.ok(offline.equals(readFileSync(join(cwd, 'offline_single_aggregate_metrics.json'))), 'byte-identical offline metrics');
  const [local] = JSON.parse(offline.toString('utf8')) as Record<string, any>[];
  assert.equal(local!.agent_metrics['custom/best_task_mean'], undefined, 'offline, the environment\'s own metrics are not there');
  assert.deepEqual(local!.coverage, single!.coverage, 'coverage and failures come from the shards\' sidecars');
  await assertAllGone(pids);
});
