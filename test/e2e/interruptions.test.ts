// ng_e2e_collect_rollouts stopped from outside: a signal mid-collection, and a server dying mid-run.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { spawnCli } from '../helpers/cli.ts';
import { descendantsOf, waitUntilGone } from '../helpers/processes.ts';
import { keysOf, readJsonlFile, tempDir, writeWeatherRows } from '../rollouts/collect-helpers.ts';

const CONFIGS = 'responses_api_models/offline_model/configs/offline_model.yaml,resources_servers/example_simple_weather/configs/simple_weather.yaml';
const AGENT_DATASETS = '++simple_weather_simple_agent.responses_api_agents.simple_agent.datasets';
const ROWS = 600;

async function e2eArgs(dir: string): Promise<string[]> {
  return [
    `+config_paths=[${CONFIGS}]`,
    `${AGENT_DATASETS}=[{name: many, type: example, jsonl_fpath: ${writeWeatherRows(join(dir, 'many.jsonl'), ROWS)}}]`,
    '+split=example',
    `+output_jsonl_fpath=${join(dir, 'run.jsonl')}`,
    '+num_samples_in_parallel=2',
    `+head_server.port=${await freePort()}`,
    `+log_dir=${join(dir, 'logs')}`,
  ];
}

/** Wait until `path` holds more than `count` lines; fail at once if the run ends first. */
async function waitForLines(path: string, count: number, run: Promise<{ exitCode?: number; all?: unknown }>): Promise<void> {
  let ended: { exitCode?: number; all?: unknown } | undefined;
  void run.then((result) => (ended = result));
  while (!existsSync(path) || readFileSync(path, 'utf8').split('\n').length <= count) {
    if (ended) assert.fail(`the run ended (exit ${ended.exitCode}) before writing ${count} rollouts:\n${String(ended.all)}`);
    await sleep(50);
  }
}

test('SIGTERM mid-collection stops every server, keeps what finished, exits 143; a resume completes the set exactly', { timeout: 180_000 }, async () => {
  const dir = tempDir();
  const args = await e2eArgs(dir);
  const run = spawnCli('ng_e2e_collect_rollouts', args, { all: true });
  await waitForLines(join(dir, 'run.jsonl'), 20, run);
  const pids = [run.pid!, ...descendantsOf(run.pid!)];
  assert.ok(pids.length >= 4, `expected the orchestrator and its servers, found ${pids.length} processes`);
  run.kill('SIGTERM');
  const stopped = await run;
  assert.equal(stopped.exitCode, 143, String(stopped.stderr));
  assert.match(String(stopped.stderr), /stopped by SIGTERM; finished rollouts are kept/);
  assert.match(String(stopped.stderr), /\+resume_from_cache=true/);
  assert.deepEqual(await waitUntilGone(pids, 5000), [], 'every server must be gone after SIGTERM');
  const before = readJsonlFile(join(dir, 'run.jsonl')).length;
  assert.ok(before >= 20 && before < ROWS, `partial run kept ${before} rollouts`);

  const resuming = spawnCli('ng_e2e_collect_rollouts', [...args, '+resume_from_cache=true', '+reuse_existing_data_preparation=true']);
  const resumed = await resuming;
  assert.equal(resumed.exitCode, 0, String(resumed.stderr));
  const keys = keysOf(readJsonlFile(join(dir, 'run.jsonl')));
  assert.equal(keys.length, ROWS, 'every rollout exactly once');
  assert.equal(new Set(keys).size, ROWS, 'no duplicate rollout');
  assert.match(String(resumed.stdout), new RegExp(`Resuming: ${before} of ${ROWS} rollouts already done`));
  assert.deepEqual(await waitUntilGone([resuming.pid!], 5000), []);
});

test('a resources server killed mid-run ends the run cleanly: named server, classified failures, nothing left running', { timeout: 180_000 }, async () => {
  const dir = tempDir();
  const run = spawnCli('ng_e2e_collect_rollouts', await e2eArgs(dir), { all: true });
  await waitForLines(join(dir, 'run.jsonl'), 20, run);
  const pids = [run.pid!, ...descendantsOf(run.pid!)];
  // The server itself, not the guard that leads its process group: both carry its environment.
  const server = pids.find((pid) => {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      return environ.includes('NEMO_GYM_CONFIG_PATH=example_simple_weather\0') && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('child-guard');
    } catch {
      return false;
    }
  });
  assert.ok(server !== undefined, 'the example_simple_weather server process');
  process.kill(server, 'SIGKILL');
  const result = await run;
  assert.notEqual(result.exitCode, 0);
  assert.match(String(result.stderr), /resources_server example_simple_weather \(pid \d+, port \d+\) died \(killed by signal SIGKILL\)/);
  assert.match(String(result.stderr), /\+resume_from_cache=true/);
  assert.doesNotMatch(String(result.stderr), /this is a bug/);
  const rollouts = readJsonlFile(join(dir, 'run.jsonl'));
  assert.ok(rollouts.every((row) => row.reward === 1), 'an infrastructure failure is never written as a reward');
  assert.deepEqual(await waitUntilGone(pids, 5000), [], 'every server must be gone');
});
