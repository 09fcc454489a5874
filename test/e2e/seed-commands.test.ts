// The seeds' own command lines, as our users' docs write them, against an OpenAI-compatible endpoint set in env.yaml.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { freePort } from '../helpers/free-port.ts';
import { repoRoot, spawnCli } from '../helpers/cli.ts';
import { descendantsOf, waitUntilGone } from '../helpers/processes.ts';
import { keysOf, readJsonlFile, tempDir } from '../rollouts/collect-helpers.ts';

const SECRET = 'sk-seed-secret-4417';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function startUpstreamDouble(): Promise<{ url: string; process: ReturnType<typeof execa> }> {
  const port = await freePort();
  const double = execa(process.execPath, [join(repoRoot, 'test/fixtures/upstream-double/server.ts'), '--port', String(port), '--api-key', SECRET, '--script', JSON.stringify({ then: { auto: true, auto_arguments: { city: 'San Francisco' } } })], { reject: false });
  await new Promise<void>((resolve) => double.stdout!.on('data', (chunk: Buffer) => /listening/.test(String(chunk)) && resolve()));
  return { url: `http://127.0.0.1:${port}`, process: double };
}

test("the seeds' ng_run, ng_status, ng_collect_rollouts and ng_viewer commands work as written", { timeout: 180_000 }, async () => {
  const cwd = tempDir();
  const upstream = await startUpstreamDouble();
  writeFileSync(join(cwd, 'env.yaml'), `policy_base_url: ${upstream.url}/v1\npolicy_api_key: ${SECRET}\npolicy_model_name: gpt-test\n`);
  // Only the run registry is private to this test, so that ng_status and ng_collect_rollouts find this run.
  const env = { RG_RUNS_DIR: join(cwd, 'runs') };
  const configPaths = 'resources_servers/example_simple_weather/configs/simple_weather.yaml,responses_api_models/openai_model/configs/openai_model.yaml';
  const stack = spawnCli('ng_run', [`+config_paths=[${configPaths}]`], { cwd, env, all: true });
  const pids: number[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      stack.stdout!.on('data', (chunk: Buffer) => /servers healthy/.test(String(chunk)) && resolve());
      void stack.then((result) => reject(new Error(`ng_run exited early:\n${String(result.all)}`)));
    });
    pids.push(stack.pid!, ...descendantsOf(stack.pid!));

    const status = await spawnCli('ng_status', [], { cwd, env });
    assert.equal(status.exitCode, 0, String(status.stderr));
    for (const name of ['example_simple_weather', 'simple_weather_simple_agent', 'policy_model']) {
      assert.match(String(status.stdout), new RegExp(`${name}.*healthy`));
    }

    const collect = await spawnCli('ng_collect_rollouts', [
      '+agent_name=simple_weather_simple_agent',
      '+input_jsonl_fpath=resources_servers/example_simple_weather/data/example.jsonl',
      '+output_jsonl_fpath=results/simple_weather_rollouts.jsonl',
      '+limit=5',
      '+num_repeats=2',
      '+num_samples_in_parallel=3',
      '+responses_create_params={temperature: 0.7, max_tokens: 2048}',
    ], { cwd, env });
    assert.equal(collect.exitCode, 0, String(collect.stderr) + String(collect.stdout));
    const rollouts = readJsonlFile(join(cwd, 'results/simple_weather_rollouts.jsonl'));
    assert.deepEqual(keysOf(rollouts), ['0:0', '0:1', '1:0', '1:1', '2:0', '2:1', '3:0', '3:1', '4:0', '4:1']);
    for (const rollout of rollouts) {
      assert.equal(rollout.reward, 1);
      assert.deepEqual(rollout.agent_ref, { name: 'simple_weather_simple_agent' });
      const output = (rollout.response as { output: Record<string, unknown>[] }).output;
      const toolOutput = output.find((item) => item.type === 'function_call_output');
      assert.match(String(toolOutput?.output), /"weather_description":"The weather in .* is cold\."/);
      assert.equal((rollout.responses_create_params as Record<string, unknown>).temperature, 0.7);
    }
    const lastRequest = (await (await fetch(`${upstream.url}/_stats`)).json()) as { last_request: { body: Record<string, unknown> } };
    assert.equal(lastRequest.last_request.body.model, 'gpt-test');
    assert.equal(lastRequest.last_request.body.temperature, 0.7);
    assert.equal(lastRequest.last_request.body.max_output_tokens, 2048, 'max_tokens (a Chat Completions name) reaches the Responses API as max_output_tokens');

    const viewerPort = await freePort();
    const viewer = spawnCli('ng_viewer', ['results/simple_weather_rollouts.jsonl', `+port=${viewerPort}`], { cwd, env });
    await new Promise<void>((resolve) => viewer.stdout!.on('data', (chunk: Buffer) => /running at/.test(String(chunk)) && resolve()));
    const page = (await (await fetch(`http://127.0.0.1:${viewerPort}/api/rows?offset=0&limit=50`)).json()) as { total: number };
    assert.equal(page.total, 10);
    viewer.kill('SIGINT');
    assert.equal((await viewer).exitCode, 0);
    pids.push(viewer.pid!);

    const outputs = [String(status.stdout), String(status.stderr), String(collect.stdout), String(collect.stderr)];
    for (const file of filesUnder(cwd).filter((path) => !path.endsWith('env.yaml'))) outputs.push(readFileSync(file, 'utf8'));
    for (const text of outputs) assert.ok(!text.includes(SECRET), 'the API key never appears in an output, a log or a result file');
  } finally {
    stack.kill('SIGINT');
    const stopped = await stack;
    assert.equal(stopped.exitCode, 130);
    assert.ok(!String(stopped.all).includes(SECRET), 'the API key never appears in what ng_run prints');
    upstream.process.kill('SIGTERM');
    await upstream.process;
  }
  assert.deepEqual(await waitUntilGone(pids, 5000), [], 'no process started by the test may outlive it');
});
