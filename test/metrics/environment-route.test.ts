// The collector and ng_aggregate_rollouts ask each agent's environment for its metrics (POST /aggregate_metrics);
// an agent without the route (404) or a failing environment falls back to the local computation, which gives
// the same bytes as the route for our own environments.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { startFakeAgent } from '../fixtures/agents/start-fake-agent.ts';
import { spawnCli } from '../helpers/cli.ts';
import { assertAllGone, tempDir, writeInput } from '../rollouts/collect-helpers.ts';
import { assertExit, scoredProject, scoredRows, writeRows } from './metrics-helpers.ts';
import { writeHandRun } from './shard-files.ts';

const sameBytes = (a: string, b: string): boolean => readFileSync(a).equals(readFileSync(b));

test('an agent answering 404 to POST /aggregate_metrics gets the local computation, with a note', async () => {
  const dir = tempDir();
  const agent = await startFakeAgent();
  const run = spawnCli('ng_collect_rollouts', [`+head_server.port=${agent.port}`, `+input_jsonl_fpath=${writeInput(join(dir, 'in.jsonl'), 4)}`, `+output_jsonl_fpath=${join(dir, 'run.jsonl')}`, '+agent_name=fake_agent', '+num_repeats=3']);
  const result = await run;
  await agent.stop();
  assertExit(result, 0);
  assert.match(String(result.stdout), /note: agent fake_agent has no POST \/aggregate_metrics \(HTTP 404\); its metrics were computed here/);
  const [metrics] = JSON.parse(readFileSync(join(dir, 'run_aggregate_metrics.json'), 'utf8')) as Record<string, any>[];
  assert.equal(metrics!.agent_metrics['mean/reward'], 6 / 12);
  const offline = spawnCli('ng_aggregate_rollouts', ['+input_glob=run.jsonl', '+output_jsonl_fpath=again.jsonl'], { cwd: dir });
  assertExit(await offline, 0);
  assert.ok(sameBytes(join(dir, 'run_aggregate_metrics.json'), join(dir, 'again_aggregate_metrics.json')), 'the collector wrote what the offline computation writes');
  await assertAllGone([agent.process.pid, run.pid, offline.pid]);
});

test('an agent refusing the verify responses as too large (413) gets the local computation, without advice to send them again', async () => {
  const dir = tempDir();
  const agent = await startFakeAgent({ FAKE_AGENT_MODE: 'too_large' });
  const run = spawnCli('ng_collect_rollouts', [`+head_server.port=${agent.port}`, `+input_jsonl_fpath=${writeInput(join(dir, 'in.jsonl'), 4)}`, `+output_jsonl_fpath=${join(dir, 'run.jsonl')}`, '+agent_name=fake_agent', '+num_repeats=3']);
  const result = await run;
  await agent.stop();
  assertExit(result, 0);
  assert.match(String(result.stdout), /warning: agent fake_agent's POST \/aggregate_metrics refused the verify responses of 12 rollouts as too large \(HTTP 413: \{"detail":"request body larger than 1024 bytes"\}\); wrote metrics computed here instead \(NeMo Gym's default statistics, without the environment's own\)/);
  assert.doesNotMatch(String(result.stdout), /Recompute them/);
  const [metrics] = JSON.parse(readFileSync(join(dir, 'run_aggregate_metrics.json'), 'utf8')) as Record<string, any>[];
  assert.equal(metrics!.agent_metrics['mean/reward'], 6 / 12);
  await assertAllGone([agent.process.pid, run.pid]);
});

test('our own environments: metrics from their route and computed here are byte-identical', { timeout: 240_000 }, async () => {
  const dir = tempDir();
  const out = join(dir, 'q.jsonl');
  const run = spawnCli('ng_e2e_collect_rollouts', ['+config_paths=[configs/quickstart.yaml]', '+split=example', '+num_repeats=2', `+output_jsonl_fpath=${out}`, `+head_server.port=${await freePort()}`, `+log_dir=${join(dir, 'logs')}`]);
  const collected = await run;
  assertExit(collected, 0);
  assert.doesNotMatch(String(collected.stdout), /POST \/aggregate_metrics/, 'every environment answered');
  const routed = spawnCli('ng_aggregate_rollouts', ['+config_paths=[configs/quickstart.yaml]', `+head_server.port=${await freePort()}`, `+input_glob=${out}`, `+output_jsonl_fpath=${join(dir, 'routed.jsonl')}`, `+log_dir=${join(dir, 'logs')}`]);
  const local = spawnCli('ng_aggregate_rollouts', [`+input_glob=${out}`, `+output_jsonl_fpath=${join(dir, 'local.jsonl')}`]);
  const [routedResult, localResult] = await Promise.all([routed, local]);
  assertExit(routedResult, 0);
  assertExit(localResult, 0);
  assert.equal(String(routedResult.stdout).match(/rollouts, from its environment\)/g)?.length, 3, 'three agents answered from their environment');
  assert.doesNotMatch(String(localResult.stdout), /from its environment/);
  assert.ok(sameBytes(join(dir, 'q_aggregate_metrics.json'), join(dir, 'local_aggregate_metrics.json')), 'collector (route) = computed here');
  assert.ok(sameBytes(join(dir, 'routed_aggregate_metrics.json'), join(dir, 'local_aggregate_metrics.json')), 'ng_aggregate_rollouts with the config = without');
  await assertAllGone([run.pid, routed.pid, local.pid]);
});

test('a failing environment falls back to the local computation with a warning saying how to recompute', async () => {
  const { cwd, configPaths } = scoredProject();
  const rows = scoredRows([0.25, 0.5]).map((row) => ({ ...row, reward: row.score, agent_ref: { name: 'scored_env_agent' }, _ng_rollout_index: 0 }));
  writeRows(join(cwd, 'run.jsonl'), rows);
  const failing = spawnCli('ng_aggregate_rollouts', [configPaths, '++scored_env.resources_servers.scored_env.fail_metrics=true', `+head_server.port=${await freePort()}`, '+input_glob=run.jsonl', '+output_jsonl_fpath=routed.jsonl', `+log_dir=${join(cwd, 'logs')}`], { cwd });
  const result = await failing;
  assertExit(result, 0);
  assert.match(String(result.stdout), /warning: agent scored_env_agent's POST \/aggregate_metrics failed \(HTTP 502: .*compute_metrics is set up to fail/);
  assert.match(String(result.stdout), /Recompute them once it is fixed: ng_aggregate_rollouts \+config_paths=\[<the run's configs>\] \+input_glob=run\.jsonl/);
  const offline = spawnCli('ng_aggregate_rollouts', ['+input_glob=run.jsonl', '+output_jsonl_fpath=local.jsonl'], { cwd });
  assertExit(await offline, 0);
  assert.ok(sameBytes(join(cwd, 'routed_aggregate_metrics.json'), join(cwd, 'local_aggregate_metrics.json')));
  await assertAllGone([failing.pid, offline.pid]);
});

test('with a config that does not define an agent of the rollouts, nothing starts and the error names it', async () => {
  const { cwd, configPaths } = scoredProject();
  writeHandRun(cwd, 'run', { rewards: { 0: [1] } });
  const result = await spawnCli('ng_aggregate_rollouts', [configPaths, `+head_server.port=${await freePort()}`, '+input_glob=run.jsonl', '+output_jsonl_fpath=merged.jsonl'], { cwd });
  assertExit(result, 1);
  assert.match(String(result.stderr), /the rollouts name agent `hand_agent`, which the config does not define/);
  assert.match(String(result.stderr), /agents in the config: scored_env_agent/);
  assert.doesNotMatch(String(result.stdout), /Starting/);
});
