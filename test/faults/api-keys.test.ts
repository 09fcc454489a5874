// API keys: an empty one is refused before anything starts; one the endpoint refuses stops the run at once (at the
// startup probe, or at the first rollout), saying where the key comes from and never the key itself.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AGENT, API_KEY, assertNoProcessLeft, cli, e2eArgs, readLines, startNgRun, startUpstream, trackProcesses, workspace, writeWeatherRows, type Workspace } from './fault-kit.ts';

const WRONG_KEY = 'rg-wrong-key-0d41a7';

async function e2e(ws: Workspace, args: string[], env: Record<string, string> = {}) {
  const run = cli(ws, 'ng_e2e_collect_rollouts', args, { env });
  const tracked = trackProcesses(run.pid!);
  const result = await run;
  tracked.stop();
  await assertNoProcessLeft(tracked.pids(), 'ng_e2e_collect_rollouts');
  return result;
}

test('an empty key from the command line (+policy_api_key=$UNSET) is refused before anything starts, naming where it came from', async () => {
  const upstream = await startUpstream();
  try {
    const ws = workspace(upstream);
    writeFileSync(join(ws.dir, 'env.yaml'), `policy_base_url: ${upstream.url}/v1\npolicy_model_name: upstream-double\n`);
    const result = await e2e(ws, await e2eArgs(ws, 3, ['+policy_api_key=']));
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /^error \[RG_CONFIG\] the API key of policy_model is empty\n  - policy_model\.responses_api_models\.openai_model\.openai_api_key is empty; it comes from the command line \(`\+policy_api_key=\.\.\.`\)\n  fix: set the key .*a shell expands an unset \$VARIABLE to nothing/m);
    assert.doesNotMatch(String(result.all), /Prepared|healthy/, 'nothing was prepared or started');
  } finally {
    await upstream.stop();
  }
});

test('an empty key read from an unset environment variable names the variable', async () => {
  const upstream = await startUpstream();
  try {
    const ws = workspace(upstream);
    writeFileSync(join(ws.dir, 'env.yaml'), `policy_base_url: ${upstream.url}/v1\npolicy_api_key: \${oc.env:RG_FAULT_SUITE_KEY,}\npolicy_model_name: upstream-double\n`);
    const result = await e2e(ws, await e2eArgs(ws, 3));
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /it comes from the environment variable RG_FAULT_SUITE_KEY \(read by \$\{oc\.env:RG_FAULT_SUITE_KEY\} at env\.yaml line 2\)/);
  } finally {
    await upstream.stop();
  }
});

test('a key the endpoint refuses (401 on /v1/models) fails at startup with its source, never the key; every server is stopped', async () => {
  const upstream = await startUpstream({}, { apiKey: API_KEY });
  try {
    const ws = workspace(upstream, { apiKey: WRONG_KEY });
    const result = await e2e(ws, await e2eArgs(ws, 3));
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /^error \[RG_UPSTREAM\] the model endpoint refused the API key: GET http:\/\/127\.0\.0\.1:\d+\/v1\/models answered 401 \(Incorrect API key provided\.\)\n  the key `policy_model\.responses_api_models\.openai_model\.openai_api_key` comes from env\.yaml line 2 \(`policy_api_key`\)/m);
    assert.doesNotMatch(String(result.all), new RegExp(WRONG_KEY));
    assert.equal((await upstream.stats()).model_requests, 0, 'no rollout was started');
  } finally {
    await upstream.stop();
  }
});

test('a 401 at the first rollout (the key listing models is public) stops the run early: no attempts spent, the key source named', async () => {
  const upstream = await startUpstream({ then: { status: 401, error: 'Incorrect API key provided.' } });
  try {
    const ws = workspace(upstream, { apiKey: WRONG_KEY });
    const result = await e2e(ws, await e2eArgs(ws, 100, ['+num_samples_in_parallel=4']));
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /^error \[RG_UPSTREAM\] the model endpoint refused the API key: policy_model got HTTP 401 \(http:\/\/127\.0\.0\.1:\d+\/v1\/responses answered 401: Incorrect API key provided\.\)\n  the key comes from env\.yaml line 2 \(`policy_api_key`\)\n  fix: check that the key is valid/m);
    assert.doesNotMatch(String(result.all), new RegExp(WRONG_KEY));
    assert.deepEqual(readLines(join(ws.dir, 'run_failures.jsonl')), [], 'a refused key is not the rollouts\' failure');
    assert.ok((await upstream.stats()).model_requests <= 8, 'the run stopped at the first answers, not after every row');
  } finally {
    await upstream.stop();
  }
});

test('ng_collect_rollouts: a 401 stops the collection; the key source comes from the running ng_run', async () => {
  const upstream = await startUpstream({ then: { status: 401, error: 'Incorrect API key provided.' } });
  const ws = workspace(upstream, { apiKey: WRONG_KEY });
  const ngRun = await startNgRun(ws);
  try {
    writeWeatherRows(join(ws.dir, 'tasks.jsonl'), 50);
    const run = cli(ws, 'ng_collect_rollouts', [`+head_server.port=${ngRun.headPort}`, `+agent_name=${AGENT}`, `+input_jsonl_fpath=${join(ws.dir, 'tasks.jsonl')}`, `+output_jsonl_fpath=${join(ws.dir, 'run.jsonl')}`, '+num_samples_in_parallel=4']);
    const result = await run;
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /the model endpoint refused the API key: policy_model got HTTP 401 .*\n  the key comes from env\.yaml line 2 \(`policy_api_key`\)/);
    assert.deepEqual(readLines(join(ws.dir, 'run_failures.jsonl')), []);
    assert.doesNotMatch(String(result.all), new RegExp(WRONG_KEY));
  } finally {
    await ngRun.stop();
    await upstream.stop();
  }
});
