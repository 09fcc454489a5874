// ng_collect_rollouts stopped from outside (SIGTERM, SIGINT), or left alone by its ng_run (stopped, killed): it keeps
// what finished, spends no attempt on rollouts that could not run, says how to resume, and the resume is exact.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { UpstreamDouble } from '../fixtures/upstream-double/start-double.ts';
import { AGENT, assertNoProcessLeft, cli, readLines, rolloutKeys, startNgRun, startUpstream, trackProcesses, waitForLines, workspace, writeWeatherRows, type NgRun, type Workspace } from './fault-kit.ts';

const ROWS = 80;
let upstream: UpstreamDouble;
/** One ng_run in one workspace for the cases that do not stop it. */
let shared: Workspace;
let sharedRun: NgRun;

before(async () => {
  upstream = await startUpstream({ latency_ms: 20 });
  shared = workspace(upstream);
  sharedRun = await startNgRun(shared);
});
after(async () => {
  await sharedRun.stop();
  await upstream.stop();
});

/** Collection arguments for run `name` of workspace `ws` (its own tasks-<name>.jsonl and run-<name>.jsonl). */
function collectArgs(ws: Workspace, name: string, headPort: number | undefined, extra: string[] = []): string[] {
  return [
    ...(headPort === undefined ? [] : [`+head_server.port=${headPort}`]),
    `+agent_name=${AGENT}`,
    `+input_jsonl_fpath=${join(ws.dir, `tasks-${name}.jsonl`)}`,
    `+output_jsonl_fpath=${join(ws.dir, `run-${name}.jsonl`)}`,
    '+num_samples_in_parallel=4',
    ...extra,
  ];
}

/** Resume against `headPort` and check that every rollout is there exactly once. */
async function resumeCompletes(ws: Workspace, name: string, headPort: number, kept: number): Promise<void> {
  const resumed = await cli(ws, 'ng_collect_rollouts', collectArgs(ws, name, headPort, ['+resume_from_cache=true', '++num_samples_in_parallel=32']));
  assert.equal(resumed.exitCode, 0, String(resumed.all));
  assert.match(String(resumed.stdout), new RegExp(`Resuming: ${kept} of ${ROWS} rollouts already done, ${ROWS - kept} to run \\(0 retries\\)`));
  const keys = rolloutKeys(join(ws.dir, `run-${name}.jsonl`));
  assert.equal(keys.length, ROWS);
  assert.equal(new Set(keys).size, ROWS, 'every rollout exactly once');
}

for (const [signal, code, label] of [['SIGTERM', 143, 'SIGTERM'], ['SIGINT', 130, 'Ctrl-C']] as const) {
  test(`${signal} mid-collection: summary, resume hint, exit ${code}; the resume completes the set`, { timeout: 120_000 }, async () => {
    writeWeatherRows(join(shared.dir, `tasks-${signal}.jsonl`), ROWS);
    const out = join(shared.dir, `run-${signal}.jsonl`);
    const run = cli(shared, 'ng_collect_rollouts', collectArgs(shared, signal, sharedRun.headPort));
    const tracked = trackProcesses(run.pid!);
    await waitForLines(out, 10, run);
    run.kill(signal);
    const result = await run;
    tracked.stop();
    assert.equal(result.exitCode, code, String(result.all));
    assert.match(String(result.stdout), new RegExp(`Finished rollout collection: \\d+/${ROWS} succeeded, 0 failed, \\d+ not attempted\\.\\nOutputs:`));
    assert.match(String(result.stderr), new RegExp(`error \\[RG_COLLECTION\\] rollout collection stopped by ${label}; finished rollouts are kept\\n  fix: .*\\+resume_from_cache=true`));
    await assertNoProcessLeft(tracked.pids(), 'ng_collect_rollouts');
    const kept = rolloutKeys(out).length;
    assert.deepEqual(readLines(join(shared.dir, `run-${signal}_failures.jsonl`)), [], 'stopped rollouts are not failures');
    await resumeCompletes(shared, signal, sharedRun.headPort, kept);
  });
}

for (const [how, stopNgRun] of [
  ['stopped with Ctrl-C', (pid: number) => process.kill(pid, 'SIGINT')],
  ['killed with SIGKILL', (pid: number) => process.kill(pid, 'SIGKILL')],
] as const) {
  test(`ng_run ${how} under a collection: the collector notices, stops, spends no attempt; a resume on a new ng_run completes`, { timeout: 120_000 }, async () => {
    const ws = workspace(upstream);
    writeWeatherRows(join(ws.dir, 'tasks-gone.jsonl'), ROWS);
    const first = await startNgRun(ws);
    const run = cli(ws, 'ng_collect_rollouts', collectArgs(ws, 'gone', first.headPort));
    const tracked = trackProcesses(run.pid!);
    await waitForLines(join(ws.dir, 'run-gone.jsonl'), 10, run);
    stopNgRun(first.run.pid!);
    await first.run;
    const result = await run;
    tracked.stop();
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /error \[RG_SERVER_DIED\] the servers this collection uses are gone \(.*\)\n  fix: start them again with ng_run \(its terminal says why it stopped\), then continue with the same command plus \+resume_from_cache=true; rollouts in flight were not counted as failed attempts/);
    assert.deepEqual(readLines(join(ws.dir, 'run-gone_failures.jsonl')), [], 'no attempt was spent on rollouts that could not run');
    await assertNoProcessLeft(tracked.pids(), 'ng_collect_rollouts');
    const kept = rolloutKeys(join(ws.dir, 'run-gone.jsonl')).length;
    assert.ok(kept >= 10 && kept < ROWS);

    const second = await startNgRun(ws);
    try {
      await resumeCompletes(ws, 'gone', second.headPort, kept);
    } finally {
      await second.stop();
    }
  });
}

test('two ng_runs running: the collector names both and asks for +head_server.port instead of picking one', { timeout: 120_000 }, async () => {
  writeWeatherRows(join(shared.dir, 'tasks-two.jsonl'), 3);
  const other = await startNgRun(shared);
  try {
    const result = await cli(shared, 'ng_collect_rollouts', collectArgs(shared, 'two', undefined));
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /^error \[RG_CONFIG\] 2 ng_runs are running in this folder: which one should collect\?/m);
    for (const port of [sharedRun.headPort, other.headPort]) assert.match(String(result.stderr), new RegExp(`- head server http://127\\.0\\.0\\.1:${port} \\(pid \\d+, started .* UTC in .*\\)`));
    assert.match(String(result.stderr), /fix: add \+head_server\.port=<port> of the one to use, e\.g\. \+head_server\.port=\d+/);
    assert.equal(readLines(join(shared.dir, 'run-two.jsonl')).length, 0);
  } finally {
    await other.stop();
  }
});
