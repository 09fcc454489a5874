// NeMo Gym-shaped Python servers (FastAPI + uvicorn + omegaconf, config read strictly as NeMo Gym's server_utils
// does, Ray as its initialize_ray) under our orchestrator: collected end to end, and sharing one real Ray head.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import type { ResultPromise } from 'execa';
import { spawnCli } from '../helpers/cli.ts';
import { descendantsOf, serversStartedBy, waitUntilGone } from '../helpers/processes.ts';
import { readJsonlFile, tempDir } from '../rollouts/collect-helpers.ts';
import { findTestPython, fixtureRoot } from './python-env.ts';

const { python, missing } = await findTestPython();
const noVenv = missing ?? false;
const noRay = noVenv || (python!.ray ? false : `${python!.file} cannot import ray: run \`bash .ci/python-venv\``);

test("ng_e2e_collect_rollouts runs a NeMo Gym-shaped Python resources server with our simple_agent and offline model: rewards right, the environment's compute_metrics in _aggregate_metrics.json", { skip: noVenv, timeout: 240_000 }, async () => {
  const dir = tempDir();
  const out = join(dir, 'city.jsonl');
  const run = spawnCli('ng_e2e_collect_rollouts', [
    '+config_paths=[responses_api_models/offline_model/configs/offline_model.yaml,resources_servers/city_temperature/configs/city_temperature.yaml]',
    '+split=example', `+output_jsonl_fpath=${out}`, `+head_server.port=${await freePort()}`, `+log_dir=${join(dir, 'logs')}`, `+python_executable=${python!.file}`,
  ], { cwd: fixtureRoot, env: { RG_RUNS_DIR: join(dir, 'runs') } });
  const result = await run;
  assert.equal(result.exitCode, 0, String(result.stderr) + String(result.stdout));
  assert.match(String(result.stdout), new RegExp(`resources_server city_temperature starting \\(resources_servers/city_temperature, python: ${python!.file} \\(python_executable\\)\\)`));

  const rollouts = readJsonlFile(out);
  const rewards = Object.fromEntries(rollouts.map((rollout) => [rollout.expected_city, rollout.reward]));
  assert.deepEqual(rewards, { Paris: 1, Oslo: 1, Lima: 0 }, 'the Python server verified each answer (Lima is not in its table)');
  assert.deepEqual(rollouts.map((rollout) => rollout.lookups_in_session), [1, 1, 1], 'the session cookie of the Python server carried from /seed_session through the tool call to /verify');

  const [metrics] = JSON.parse(readFileSync(join(dir, 'city_aggregate_metrics.json'), 'utf8')) as Array<Record<string, any>>;
  assert.equal(metrics!.agent_ref.name, 'city_temperature_simple_agent');
  assert.equal(metrics!.agent_metrics['mean/reward'], 2 / 3);
  // The environment's own compute_metrics / get_key_metrics (through the agent's POST /aggregate_metrics).
  assert.equal(metrics!.agent_metrics.cities_answered, 2, "the environment's compute_metrics output reaches _aggregate_metrics.json");
  assert.deepEqual(metrics!.key_metrics, { 'mean/reward': 2 / 3, cities_answered: 2 }, "the environment's get_key_metrics chooses the key metrics");
  assert.deepEqual(serversStartedBy(run.pid!), [], 'every server of the run is gone');
});

/** Start ng_run on a fixture config; resolves once every server is healthy, with its output so far. */
async function startPythonServers(dir: string, config: string): Promise<{ run: ResultPromise; output: () => string }> {
  const run = spawnCli('ng_run', [`+config_paths=[configs/${config}]`, `+head_server.port=${await freePort()}`, `+log_dir=${join(dir, 'logs')}`, `+python_executable=${python!.file}`], {
    cwd: fixtureRoot,
    env: { RG_RUNS_DIR: join(dir, 'runs') },
    all: true,
    buffer: true,
  });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    run.all!.on('data', (chunk: Buffer) => {
      seen += String(chunk);
      if (/all \d+ servers? healthy/.test(seen)) resolve();
    });
    void run.then(() => reject(new Error(`ng_run exited before its servers were healthy:\n${seen}`)));
  });
  return { run, output: () => seen };
}

/** For each server of ng_run's table: its URL. */
function serverUrls(output: string): string[] {
  return [...output.matchAll(/^temperature_\w+ +resources_server +city_temperature +(http:\/\/\S+)/gm)].map((match) => match[1]!);
}

/** Processes of `pids` that are Ray's: the GCS, the raylet, its agents and workers. */
function rayProcesses(pids: readonly number[]): Array<{ pid: number; command: string }> {
  return pids
    .map((pid) => {
      try {
        return { pid, command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ') };
      } catch {
        return { pid, command: '' };
      }
    })
    .filter(({ command }) => /gcs_server|raylet|ray::|ray\.scripts\.scripts|ray\/dashboard|ray\/_private|ray\/autoscaler/.test(command));
}

test('three Python servers share one real Ray head, and a kill -9 of ng_run leaves no Ray or server process', { skip: noRay, timeout: 240_000 }, async (t) => {
  const dir = tempDir();
  const began = Date.now();
  const { run, output } = await startPythonServers(dir, 'three_python_servers.yaml');
  t.diagnostic(`three Python servers and the Ray head healthy after ${((Date.now() - began) / 1000).toFixed(1)} s (${/all 3 servers healthy in [^;]+/.exec(output())![0]})`);
  const address = /Ray head for the Python servers at (127\.0\.0\.1:\d+)/.exec(output())![1]!;
  const urls = serverUrls(output());
  assert.equal(urls.length, 3);
  for (const url of urls) {
    const keys = (await (await fetch(`${url}/global_keys`)).json()) as { keys: Record<string, unknown> };
    assert.equal(keys.keys.ray_head_node_address, address, 'NEMO_GYM_CONFIG_DICT names the shared head');
    // Each server runs a Ray task on that cluster: a worker process of the head's raylet runs it.
    assert.deepEqual(await (await fetch(`${url}/ray`)).json(), { gcs_address: address, square_of_7: 49 });
  }
  const before = descendantsOf(run.pid!);
  const ray = rayProcesses(before);
  assert.equal(ray.filter(({ command }) => /gcs_server/.test(command)).length, 1, 'one GCS: one Ray cluster for the three servers');
  assert.ok(ray.some(({ command }) => /ray::/.test(command)), "Ray's worker processes are among the run's processes");

  const rayTempDir = /--temp-dir=(\S+)/.exec(ray.map(({ command }) => command).join(' '))![1]!;

  run.kill('SIGKILL');
  await run;
  assert.deepEqual(await waitUntilGone(before, 10_000), [], 'every server and Ray process is gone');
  assert.deepEqual(serversStartedBy(run.pid!), [], 'nothing started for the run (Ray workers included) is left');
  // Nobody was left to remove Ray's temp dir (a stopped run removes it): the test does.
  rmSync(rayTempDir, { recursive: true, force: true });
});

test('Ctrl-C of ng_run stops the Python server and the Ray head with it: nothing is left', { skip: noRay, timeout: 240_000 }, async () => {
  const dir = tempDir();
  const { run } = await startPythonServers(dir, 'one_python_server.yaml');
  const before = descendantsOf(run.pid!);
  assert.ok(rayProcesses(before).length > 0);
  run.kill('SIGINT');
  const result = await run;
  assert.equal(result.exitCode, 130, String(result.all));
  assert.deepEqual(await waitUntilGone(before, 5000), [], 'every server and Ray process is gone once ng_run has exited');
  assert.deepEqual(serversStartedBy(run.pid!), []);
});

test('a Ray head that fails to start fails the startup with its output, and nothing is left', { skip: noRay, timeout: 120_000 }, async () => {
  const dir = tempDir();
  // This interpreter has ray (the probe says so), but `ray start` through it fails at once.
  const failing = join(dir, 'python-whose-ray-start-fails');
  writeFileSync(failing, `#!/bin/sh\nif [ "$2" = ray.scripts.scripts ]; then echo "ray start: cannot bind the GCS port (simulated)" >&2; exit 7; fi\nexec ${python!.file} "$@"\n`);
  chmodSync(failing, 0o755);
  const run = spawnCli('ng_run', ['+config_paths=[configs/three_python_servers.yaml]', `+head_server.port=${await freePort()}`, `+log_dir=${join(dir, 'logs')}`, `+python_executable=${failing}`], {
    cwd: fixtureRoot,
    env: { RG_RUNS_DIR: join(dir, 'runs') },
  });
  const result = await run;
  assert.equal(result.exitCode, 1);
  assert.match(String(result.stderr), /the Ray head \(ray [\d.]+, .*python-whose-ray-start-fails \(python_executable\)\) exited \(exit code 7\) before it was ready/);
  assert.match(String(result.stderr), /ray start: cannot bind the GCS port \(simulated\)/);
  assert.match(String(result.stderr), /to use a Ray cluster you run yourself, pass \+ray_head_node_address=<host:port>/);
  const rayLogs = /Ray's own logs: (\S+)/.exec(String(result.stderr))![1]!;
  assert.ok(existsSync(rayLogs), 'a Ray head that failed keeps its temp dir (its logs say why)');
  rmSync(rayLogs, { recursive: true, force: true });
  assert.deepEqual(serversStartedBy(run.pid!), []);
});
