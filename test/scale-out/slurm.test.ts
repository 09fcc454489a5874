// +launcher=slurm on a real one-node Slurm (proctrack/cgroup): a 3-shard array of the weather environment plus
// its merge job equal an unsharded run; scancel of a running shard leaves no process; a rerun completes the set.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { spawnCli } from '../helpers/cli.ts';
import { readJsonlFile, tempDir, writeWeatherRows } from '../rollouts/collect-helpers.ts';
import { finishedJobs, KILL_WAIT_S, processesOfArrayTask, queued, slurmConfig, startSlurm, waitForJobs, whySlurmCannotRun, type SlurmCluster } from './slurm-cluster.ts';
import { assertSameRollouts, assertSameMetrics } from './same-run.ts';

const CONFIGS = 'responses_api_models/offline_model/configs/offline_model.yaml,resources_servers/example_simple_weather/configs/simple_weather.yaml';
const ROWS = 600;
const SHARDS = 3;
const skip = whySlurmCannotRun();
let cluster: SlurmCluster | undefined;

before(() => {
  if (!skip) cluster = startSlurm();
});
after(() => cluster?.stop());

test('a 3-shard Slurm array and its merge equal an unsharded run; scancel of a running shard leaves no process, and the same command again completes the set', { skip, timeout: 300_000 }, async () => {
  const slurm = cluster!;
  assert.equal(slurmConfig(slurm, 'ProctrackType'), 'proctrack/cgroup');
  const dir = tempDir();
  const input = writeWeatherRows(join(dir, 'weather.jsonl'), ROWS);
  const common = [
    `+config_paths=[${CONFIGS}]`,
    `++simple_weather_simple_agent.responses_api_agents.simple_agent.datasets=[{name: weather, type: example, jsonl_fpath: ${input}}]`,
    '+split=example',
    '+num_samples_in_parallel=2',
    `+log_dir=${join(dir, 'logs')}`,
  ];

  // The reference: one unsharded run of the same input and config, here.
  const reference = await spawnCli('ng_e2e_collect_rollouts', [...common, `+output_jsonl_fpath=${join(dir, 'unsharded.jsonl')}`, '++head_server.port=0']);
  assert.equal(reference.exitCode, 0, String(reference.stderr));

  const launch = [...common, `+output_jsonl_fpath=${join(dir, 'sharded.jsonl')}`, '+launcher=slurm', `+num_shards=${SHARDS}`];
  const submitted = await spawnCli('ng_e2e_collect_rollouts', launch, { env: slurm.env });
  assert.equal(submitted.exitCode, 0, String(submitted.stderr) + String(submitted.stdout));
  const arrayJob = /Submitted 3 shards as Slurm array job (\d+) \(tasks 0-2\)\./.exec(String(submitted.stdout))?.[1];
  const mergeJob = /Submitted the merge as job (\d+): it starts when (\d+) succeeded\./.exec(String(submitted.stdout))?.[1];
  assert.ok(arrayJob && mergeJob, String(submitted.stdout));
  assert.match(String(submitted.stdout), new RegExp(`watch: +squeue -j ${arrayJob},${mergeJob}`));
  for (const script of ['shards.sbatch', 'merge.sbatch']) assert.ok(existsSync(join(dir, 'sharded_slurm', script)), `${script} is written next to the outputs`);

  // Cancel shard 0 while it collects: its collector (exec'd, so the step's task) gets SIGTERM and stops its servers.
  const shard0 = join(dir, 'sharded_shards', 'shard_0.jsonl');
  const shard0Log = join(dir, 'sharded_slurm', 'logs', 'shard_0.out');
  while (!existsSync(shard0) || readJsonlFile(shard0).length < 10) {
    assert.ok(queued(slurm, [`${arrayJob}_0`]).length > 0, `shard 0 ended before it could be cancelled:\n${readLog(shard0Log)}`);
    await sleep(50);
  }
  const pids = processesOfArrayTask(arrayJob, 0);
  assert.ok(pids.length >= 4, `the shard's collector and its 3 servers run in the job, found ${pids.length}`);
  const cancelledAt = Date.now();
  assert.equal(spawnSync('scancel', [`${arrayJob}_0`], { env: slurm.env }).status, 0);
  while (processesOfArrayTask(arrayJob, 0).length > 0) {
    assert.ok(Date.now() - cancelledAt <= (KILL_WAIT_S + 5) * 1000, `processes of the cancelled shard still alive after KillWait + 5 s: ${processesOfArrayTask(arrayJob, 0).join(', ')}`);
    await sleep(100);
  }
  const goneAfterMs = Date.now() - cancelledAt;
  assert.match(readLog(shard0Log), /stopped by SIGTERM/, 'the collector itself received the SIGTERM (exec) and stopped cleanly');
  const kept = readJsonlFile(shard0).length;
  assert.ok(kept >= 10 && kept < ROWS / SHARDS, `the cancelled shard kept its ${kept} finished rollouts`);

  // The same command again: only shard 0 is resubmitted (the others are finished, or still Slurm's to run).
  const rerun = await spawnCli('ng_e2e_collect_rollouts', launch, { env: slurm.env });
  assert.equal(rerun.exitCode, 0, String(rerun.stderr) + String(rerun.stdout));
  assert.match(String(rerun.stdout), /shard 0: unfinished \(\d+\/200 rollouts done\): submitted/);
  assert.match(String(rerun.stdout), /Submitted 1 shard as Slurm array job \d+ \(tasks 0\)\./);
  const newMerge = /Submitted the merge as job (\d+)/.exec(String(rerun.stdout))![1]!;
  const newArray = /array job (\d+)/.exec(String(rerun.stdout))![1]!;
  await waitForJobs(slurm, [arrayJob, newArray, newMerge], 240_000);

  const jobs = finishedJobs(slurm);
  const stateOf = (id: string): string | undefined => jobs.find((job) => job.id === id)?.state;
  assert.equal(stateOf(newMerge), 'COMPLETED', `the merge job ran after every shard succeeded:\n${readLog(join(dir, 'sharded_slurm', 'logs', 'merge.out'))}`);
  assert.notEqual(stateOf(mergeJob), 'COMPLETED', 'the first merge job never ran (a shard it waited for was cancelled)');
  assert.match(readLog(shard0Log), new RegExp(`Resuming: ${kept} of 200 rollouts already done`), 'the resubmitted shard resumed from its files');

  assertSameRollouts(join(dir, 'unsharded.jsonl'), join(dir, 'sharded.jsonl'), ROWS);
  assertSameMetrics(join(dir, 'unsharded_aggregate_metrics.json'), join(dir, 'sharded_aggregate_metrics.json'));
  console.log(`# slurm: cancelled shard gone ${goneAfterMs} ms after scancel (KillWait ${KILL_WAIT_S} s)`);
});

function readLog(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : `(no ${path})`;
}
