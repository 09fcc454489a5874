import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnCli } from '../helpers/cli.ts';
import { startFakeAgent } from '../fixtures/agents/start-fake-agent.ts';
import { assertAllGone, keysOf, readJsonlFile, tempDir, writeInput } from './collect-helpers.ts';

test('limit, num_repeats, parallelism and overrides give exactly the expected rows, indices and requests', async () => {
  const dir = tempDir();
  const log = join(dir, 'agent.log');
  const agent = await startFakeAgent({ FAKE_AGENT_DELAY_MS: '30', FAKE_AGENT_LOG: log });
  const input = writeInput(join(dir, 'in.jsonl'), 10);
  const out = join(dir, 'run.jsonl');
  const run = spawnCli('ng_collect_rollouts', [
    `+head_server.port=${agent.port}`, `+input_jsonl_fpath=${input}`, `+output_jsonl_fpath=${out}`, '+agent_name=fake_agent',
    '+limit=3', '+num_repeats=4', '+num_samples_in_parallel=3', '+num_repeats_add_seed=true', '+responses_create_params.temperature=0.1',
  ]);
  const result = await run;
  await agent.stop();
  assert.equal(result.exitCode, 0, String(result.stderr));
  const rows = readJsonlFile(out);
  const expected = [0, 1, 2].flatMap((t) => [0, 1, 2, 3].map((r) => `${t}:${r}`));
  assert.deepEqual(keysOf(rows), expected);
  for (const row of rows) {
    const params = row.responses_create_params as { temperature: number; input: string; metadata: { extra_body: string } };
    assert.equal(params.temperature, 0.1, 'the override reached the request');
    assert.equal(params.input, `question ${row._ng_task_index}`);
    assert.deepEqual(JSON.parse(params.metadata.extra_body), { seed: row._ng_rollout_index });
    assert.deepEqual(row.agent_ref, { name: 'fake_agent' });
  }
  const materialized = readJsonlFile(join(dir, 'run_materialized_inputs.jsonl'));
  assert.deepEqual(materialized.map((row) => `${row._ng_task_index}:${row._ng_rollout_index}`), expected, 'repeats are adjacent');
  const inFlight = readFileSync(log, 'utf8').trim().split('\n').map((line) => Number(line.split(' ')[1]));
  assert.equal(inFlight.length, 12, 'each rollout was sent once');
  assert.equal(Math.max(...inFlight), 3, 'num_samples_in_parallel bounds the rollouts in flight');
  const [metrics] = JSON.parse(readFileSync(join(dir, 'run_aggregate_metrics.json'), 'utf8')) as Record<string, any>[];
  assert.equal(metrics!.agent_metrics['mean/reward'], 0.5);
  assert.equal(metrics!.agent_metrics['pass@4/reward'], 100);
  assert.deepEqual(metrics!.coverage, { attempted: 12, succeeded: 12, failed: 0, failed_by_class: {}, expected: 12, not_attempted: 0 });
  assert.equal(metrics!.group_level_metrics.length, 3);
  assert.match(String(result.stdout), /Key metrics for fake_agent \(12\/12 rollouts succeeded\):\n  mean\/reward: 0\.5\n/);
  await assertAllGone([agent.process.pid, run.pid]);
});

test('an agent killed mid-run stops the collection at once: finished rollouts kept, no attempt spent, resume hint', async () => {
  const dir = tempDir();
  const agent = await startFakeAgent({ FAKE_AGENT_DELAY_MS: '20' });
  const input = writeInput(join(dir, 'in.jsonl'), 40);
  const out = join(dir, 'run.jsonl');
  const run = spawnCli('ng_collect_rollouts', [`+head_server.port=${agent.port}`, `+input_jsonl_fpath=${input}`, `+output_jsonl_fpath=${out}`, '+agent_name=fake_agent', '+num_samples_in_parallel=2']);
  while (readJsonlFile(out).length < 5) await new Promise((resolve) => setTimeout(resolve, 10));
  await agent.stop();
  const result = await run;
  assert.equal(result.exitCode, 1, String(result.stderr));
  // Probed as the agent's process exits, a server is either refusing connections already or resetting them.
  const gone = String.raw`(connection refused|no answer \((ECONNRESET|UND_ERR_SOCKET)\))`;
  assert.match(String(result.stderr), new RegExp(String.raw`error \[RG_SERVER_DIED\] the servers this collection uses are gone \(agent at http://127\.0\.0\.1:\d+: ${gone}; head server at http://127\.0\.0\.1:\d+: ${gone}\)`));
  assert.match(String(result.stderr), /\+resume_from_cache=true; rollouts in flight were not counted as failed attempts/);
  const rows = readJsonlFile(out);
  assert.ok(rows.length >= 5 && rows.length < 40, `${rows.length} finished rollouts kept`);
  assert.ok(rows.every((row) => row.reward !== undefined), 'only real results in the rollouts file');
  assert.deepEqual(readJsonlFile(join(dir, 'run_failures.jsonl')), [], 'servers going away is not the rollouts\' failure');
  assert.match(String(result.stdout), new RegExp(`Finished rollout collection: ${rows.length}/40 succeeded, 0 failed, ${40 - rows.length} not attempted`));
  await assertAllGone([agent.process.pid, run.pid]);
});

test('an upstream that always answers 429 ends quickly with rate_limited failures; max_failure_fraction=1 accepts them', async () => {
  const dir = tempDir();
  const agent = await startFakeAgent({ FAKE_AGENT_MODE: 'rate_limited' });
  const input = writeInput(join(dir, 'in.jsonl'), 6);
  const out = join(dir, 'run.jsonl');
  const started = Date.now();
  const run = spawnCli('ng_collect_rollouts', [`+head_server.port=${agent.port}`, `+input_jsonl_fpath=${input}`, `+output_jsonl_fpath=${out}`, '+agent_name=fake_agent', '+max_failure_fraction=1']);
  const result = await run;
  await agent.stop();
  assert.ok(Date.now() - started < 20_000);
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.deepEqual(readJsonlFile(out), []);
  const failures = readJsonlFile(join(dir, 'run_failures.jsonl'));
  assert.deepEqual(failures.map((f) => f._ng_failure_class), Array(6).fill('rate_limited'));
  assert.match(String(failures[0]!.error), /policy_model \(HTTP 429\)/);
  const [metrics] = JSON.parse(readFileSync(join(dir, 'run_aggregate_metrics.json'), 'utf8')) as Record<string, any>[];
  assert.deepEqual(metrics!.coverage, { attempted: 6, succeeded: 0, failed: 6, failed_by_class: { rate_limited: 6 }, expected: 6, not_attempted: 0 });
  assert.deepEqual(metrics!.agent_metrics, {}, 'no reward is invented for failed rollouts');
  await assertAllGone([agent.process.pid, run.pid]);
});

test('a rollout line is the agent\'s verify response as it was written, with the bookkeeping added; a pretty-printed one or one with stale indices is rewritten', async () => {
  const dir = tempDir();
  const agent = await startFakeAgent({ FAKE_AGENT_MODE: 'python_text' });
  const out = join(dir, 'run.jsonl');
  const run = spawnCli('ng_collect_rollouts', [`+head_server.port=${agent.port}`, `+input_jsonl_fpath=${writeInput(join(dir, 'in.jsonl'), 4)}`, `+output_jsonl_fpath=${out}`, '+agent_name=fake_agent', '+num_repeats=2']);
  const result = await run;
  await agent.stop();
  assert.equal(result.exitCode, 0, String(result.stderr));
  const lines = readFileSync(out, 'utf8').split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 8, 'one line per rollout, none split over several');
  const rows = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(keysOf(rows), ['0:0', '0:1', '1:0', '1:1', '2:0', '2:1', '3:0', '3:1']);
  for (const [k, row] of rows.entries()) {
    const task = row._ng_task_index as number;
    assert.equal(row.reward, (task + (row._ng_rollout_index as number)) % 2 === 0 ? 1 : 0);
    assert.deepEqual(row.agent_ref, { name: 'fake_agent' });
    // Even tasks: the agent's own text, its Python spelling kept, the bookkeeping appended after it.
    if (task % 2 === 0) assert.match(lines[k]!, /^\{"responses_create_params": .*, "reward": [01]\.0,"_ng_task_index":\d,"_ng_rollout_index":\d,"agent_ref":\{"name":"fake_agent"\}\}$/);
    // Odd tasks: pretty-printed with a stale _ng_task_index, written again with the true one in its place.
    else assert.deepEqual(Object.keys(row), ['_ng_task_index', 'responses_create_params', 'reward', '_ng_rollout_index', 'agent_ref']);
  }
  await assertAllGone([agent.process.pid, run.pid]);
});

test('a malformed input line is an error naming the file and line', async () => {
  const dir = tempDir();
  const input = join(dir, 'in.jsonl');
  writeInput(input, 2);
  const { appendFileSync } = await import('node:fs');
  appendFileSync(input, '\n{"responses_create_params": {"input": "x"}\n');
  const run = spawnCli('ng_collect_rollouts', ['+head_server.port=9', `+input_jsonl_fpath=${input}`, `+output_jsonl_fpath=${join(dir, 'o.jsonl')}`, '+agent_name=a']);
  const result = await run;
  assert.equal(result.exitCode, 1);
  assert.match(String(result.stderr), /Malformed JSON in '.*in\.jsonl' at line 4/);
  await assertAllGone([run.pid]);
});
