import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { profileRewards } from '../../src/profile/reward-profile.ts';
import { SpillDir } from '../../src/metrics/spill-dir.ts';
import { SpilledValues } from '../../src/metrics/spilled-values.ts';
import { spawnCli } from '../helpers/cli.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

interface Run {
  dir: string;
  inputs: string;
  rollouts: string;
}

const REWARDS: Record<number, number[]> = { 0: [1, 0, 1], 1: [0, 0, 0], 2: [0.5, 1, 0.25] };

/** Three tasks with three repeats each (tasks 0-1 agent_a, task 2 agent_b); rollouts written in a shuffled order. */
function smallRun(edit: (rollouts: Record<string, unknown>[]) => Record<string, unknown>[] = (rows) => rows): Run {
  const dir = testTempDir('rg-profile-test-');
  const inputs: Record<string, unknown>[] = [];
  const rollouts: Record<string, unknown>[] = [];
  for (const task of [0, 1, 2]) {
    const agent = task < 2 ? 'agent_a' : 'agent_b';
    for (const rollout of [0, 1, 2]) {
      inputs.push({ responses_create_params: { input: `question ${task}` }, expected: task, agent_ref: { type: 'responses_api_agents', name: agent }, _ng_task_index: task, _ng_rollout_index: rollout });
      const usage = { input_tokens: 5, output_tokens: 10 * (rollout + 1), total_tokens: 5 + 10 * (rollout + 1) };
      rollouts.push({ response: { output: [], usage }, reward: REWARDS[task]![rollout], _ng_task_index: task, _ng_rollout_index: rollout, agent_ref: { name: agent } });
    }
  }
  const order = [4, 8, 0, 6, 2, 7, 1, 5, 3];
  const shuffled = edit(order.map((i) => rollouts[i]!));
  const run = { dir, inputs: join(dir, 'run_materialized_inputs.jsonl'), rollouts: join(dir, 'run.jsonl') };
  writeFileSync(run.inputs, inputs.map((row) => `${JSON.stringify(row)}\n`).join(''));
  writeFileSync(run.rollouts, shuffled.map((row) => `${JSON.stringify(row)}\n`).join(''));
  return run;
}

function lines(path: string): Record<string, any>[] {
  return readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

test('gym eval profile: per-task and per-agent statistics, checked by hand, in NeMo Gym\'s files', async () => {
  const run = smallRun();
  const result = await spawnCli('gym', ['eval', 'profile', '--inputs', run.inputs, '--rollouts', run.rollouts]);
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.equal(
    String(result.stdout),
    [
      'Profiling outputs:',
      'Reward profile completion: 9/9 rollout rows (100.00%)',
      'Input rows: 3 total; 3 complete; 0 partial; 0 without rollouts dropped from output.',
      `Reward profiling outputs: ${join(run.dir, 'run_reward_profiling.jsonl')}`,
      `Agent-level metrics: ${join(run.dir, 'run_agent_metrics.json')}`,
      'agent_a: 2 tasks, 6 rollouts; mean reward 0.3333, pass rate 33.3% (reward >= 1)',
      '  tasks always passing: 0, never passing: 1, sometimes: 1',
      'agent_b: 1 tasks, 3 rollouts; mean reward 0.5833, pass rate 33.3% (reward >= 1)',
      '  tasks always passing: 0, never passing: 0, sometimes: 1',
    ].join('\n'),
  );
  const tasks = lines(join(run.dir, 'run_reward_profiling.jsonl'));
  assert.deepEqual(tasks.map((task) => task._ng_task_index), [0, 1, 2]);
  const [t0, t1, t2] = tasks as [Record<string, any>, Record<string, any>, Record<string, any>];
  // Task 0, rewards 1, 0, 1: mean 2/3, sample std sqrt(((1/3)^2 * 2 + (2/3)^2) / 2) = sqrt(1/3), median 1.
  assert.equal(t0['mean/reward'], 2 / 3);
  assert.ok(Math.abs(t0['std/reward'] - Math.sqrt(1 / 3)) < 1e-12);
  assert.deepEqual([t0['min/reward'], t0['max/reward'], t0['median/reward'], t0.pass_rate], [0, 1, 1, 2 / 3]);
  assert.deepEqual([t0['mean/output_tokens'], t0['median/output_tokens'], t0['std/output_tokens']], [20, 20, 10]);
  // Task 1, all 0: std 0, pass rate 0.
  assert.deepEqual([t1['mean/reward'], t1['std/reward'], t1.pass_rate], [0, 0, 0]);
  // Task 2, rewards 0.5, 1, 0.25: mean 7/12, median 0.5, std sqrt(0.291666.../2) = 0.3818813..., one pass in three.
  assert.ok(Math.abs(t2['mean/reward'] - 7 / 12) < 1e-12);
  assert.ok(Math.abs(t2['std/reward'] - 0.3818813079129867) < 1e-12);
  assert.deepEqual([t2['min/reward'], t2['max/reward'], t2['median/reward'], t2.pass_rate], [0.25, 1, 0.5, 1 / 3]);
  // NeMo Gym's bookkeeping fields: the task's input without its indices, and each rollout's numbers in order.
  assert.deepEqual(t0.sample, { responses_create_params: { input: 'question 0' }, expected: 0, agent_ref: { type: 'responses_api_agents', name: 'agent_a' } });
  assert.deepEqual([t0.num_rollouts, t0.expected_num_rollouts, t0.missing_num_rollouts, t0.reward_profile_completion_pct], [3, 3, 0, 100]);
  assert.deepEqual(t0.rollout_infos[1], { rollout_id: '0:1', _ng_task_index: 0, _ng_rollout_index: 1, reward: 0, input_tokens: 5, output_tokens: 20, total_tokens: 25 });
  assert.deepEqual(Object.keys(t0).slice(0, 6), ['_ng_task_index', 'mean/reward', 'mean/input_tokens', 'mean/output_tokens', 'mean/total_tokens', 'max/reward']);

  const agents = JSON.parse(readFileSync(join(run.dir, 'run_agent_metrics.json'), 'utf8')) as Record<string, any>[];
  assert.deepEqual(agents.map((agent) => agent.agent_ref), [{ name: 'agent_a' }, { name: 'agent_b' }]);
  // agent_a, rewards 1 0 1 0 0 0: mean 1/3, sample std sqrt((2 * 4/9 + 4 * 1/9) / 5) = sqrt(4/15), median 0.
  assert.equal(agents[0]!['mean/reward'], 1 / 3);
  assert.ok(Math.abs(agents[0]!['std/reward'] - Math.sqrt(4 / 15)) < 1e-12);
  assert.deepEqual([agents[0]!['median/reward'], agents[0]!['min/reward'], agents[0]!['max/reward'], agents[0]!.pass_rate], [0, 0, 1, 2 / 6]);
  assert.equal(agents[1]!['median/reward'], 0.5);
});

test('a partial run is an error unless allow_partial_rollouts; rows without an input and duplicates always are', async () => {
  const partial = smallRun((rows) => rows.filter((row) => !(row._ng_task_index === 2 && row._ng_rollout_index === 1)));
  const refused = await spawnCli('gym', ['eval', 'profile', '--inputs', partial.inputs, '--rollouts', partial.rollouts]);
  assert.equal(refused.exitCode, 1);
  assert.match(String(refused.stderr), /Missing rollout results for 1 materialized input rows\. Missing rollout keys: \[\(2, 1\)\]\.\n  fix: finish the run \(--resume\), or add \+\+allow_partial_rollouts=true/);
  assert.throws(() => readFileSync(join(partial.dir, 'run_reward_profiling.jsonl')), /ENOENT/, 'no partial profile is left behind');
  const allowed = await spawnCli('gym', ['eval', 'profile', '--inputs', partial.inputs, '--rollouts', partial.rollouts, '++allow_partial_rollouts=true']);
  assert.equal(allowed.exitCode, 0, String(allowed.stderr));
  assert.match(String(allowed.stdout), /Reward profile completion: 8\/9 rollout rows \(88\.89%\)\nInput rows: 3 total; 2 complete; 1 partial; 0 without rollouts dropped from output\./);
  const task2 = lines(join(partial.dir, 'run_reward_profiling.jsonl'))[2]!;
  assert.deepEqual([task2.num_rollouts, task2.expected_num_rollouts, task2.missing_num_rollouts, task2['mean/reward']], [2, 3, 1, 0.375]);

  const extra = smallRun((rows) => [...rows, { reward: 1, _ng_task_index: 9, _ng_rollout_index: 0, response: {} }]);
  const extraResult = await spawnCli('gym', ['eval', 'profile', '--inputs', extra.inputs, '--rollouts', extra.rollouts]);
  assert.equal(extraResult.exitCode, 1);
  assert.match(String(extraResult.stderr), /Found 1 extra rollout rows\. Extra rollout keys: \[\(9, 0\)\]/);

  const duplicate = smallRun((rows) => [...rows, rows[0]!]);
  const duplicateResult = await spawnCli('ng_reward_profile', [`+materialized_inputs_jsonl_fpath=${duplicate.inputs}`, `+rollouts_jsonl_fpath=${duplicate.rollouts}`]);
  assert.equal(duplicateResult.exitCode, 1);
  assert.match(String(duplicateResult.stderr), /Duplicate result row for rollout key \(1, 1\)/);
});

test('grouping on disk gives the same profile whatever the sort memory and the rollouts order', async () => {
  const dir = testTempDir('rg-profile-buckets-');
  const inputs: string[] = [];
  const rollouts: Record<string, unknown>[] = [];
  let seed = 7;
  const random = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (let task = 0; task < 60; task++) {
    for (let rollout = 0; rollout < 4; rollout++) {
      inputs.push(JSON.stringify({ responses_create_params: { input: `q${task}` }, agent_ref: { name: task % 3 === 0 ? 'a' : 'b' }, _ng_task_index: task, _ng_rollout_index: rollout }));
      rollouts.push({ reward: Math.round(random() * 4) / 4, score: random() * 100 - 50, _ng_task_index: task, _ng_rollout_index: rollout, response: {} });
    }
  }
  rollouts.sort(() => random() - 0.5);
  writeFileSync(join(dir, 'in.jsonl'), `${inputs.join('\n')}\n`);
  const profile = async (sortMemoryBytes: number, name: string): Promise<{ tasks: string; agents: string }> => {
    const path = join(dir, `${name}.jsonl`);
    writeFileSync(path, rollouts.map((row) => `${JSON.stringify(row)}\n`).join(''));
    const result = await profileRewards({ inputsPath: join(dir, 'in.jsonl'), rolloutsPath: path, displayInputs: 'in', displayRollouts: name, allowPartial: false, passThreshold: 1, sortMemoryBytes });
    return { tasks: readFileSync(result.profilePath, 'utf8'), agents: readFileSync(result.agentMetricsPath, 'utf8') };
  };
  const oneBucket = await profile(1 << 30, 'one');
  const manyBuckets = await profile(256, 'many');
  assert.equal(manyBuckets.tasks, oneBucket.tasks);
  assert.equal(manyBuckets.agents, oneBucket.agents);
  const task17 = oneBucket.tasks.trim().split('\n').map((line) => JSON.parse(line))[17];
  const rewards = rollouts.filter((row) => row._ng_task_index === 17).sort((x, y) => (x._ng_rollout_index as number) - (y._ng_rollout_index as number)).map((row) => row.reward as number);
  assert.equal(task17['mean/reward'], rewards.reduce((sum, value) => sum + value, 0) / 4);
  assert.deepEqual(task17.rollout_infos.map((info: { reward: number }) => info.reward), rewards);
});

test('spilled values give the exact median with a tiny memory limit', () => {
  const dir = testTempDir('rg-spill-');
  let seed = 11;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (const count of [1, 2, 5, 6, 101, 1000]) {
    const values = new SpilledValues(new SpillDir(join(dir, `v${count}-`)), 4);
    const all: number[] = [];
    for (let i = 0; i < count; i++) {
      const value = i % 7 === 0 ? -0 : i % 5 === 0 ? 3 : (random() - 0.5) * 10 ** Math.floor(random() * 6 - 3);
      values.add(value);
      all.push(value);
    }
    all.sort((a, b) => a - b);
    const expected = (all[(count - 1) >> 1]! + all[count >> 1]!) / 2;
    assert.equal(values.median(), expected, `median of ${count} values`);
    values.dispose();
  }
});
