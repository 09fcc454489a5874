// Outputs never overwrite inputs or a previous run, and a filesystem that refuses (permission, read-only, a folder in
// the way, a full disk) is one clear error naming the path and the fix, with the last line intact and the run resumable.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { UpstreamDouble } from '../fixtures/upstream-double/start-double.ts';
import { AGENT, assertNoProcessLeft, cli, e2eArgs, readLines, rolloutKeys, startNgRun, startUpstream, trackProcesses, workspace, writeWeatherRows, type NgRun, type Workspace } from './fault-kit.ts';

let upstream: UpstreamDouble;
let shared: Workspace;
let ngRun: NgRun;

before(async () => {
  upstream = await startUpstream({ latency_ms: 5 });
  shared = workspace(upstream);
  ngRun = await startNgRun(shared);
});
after(async () => {
  await ngRun.stop();
  await upstream.stop();
});

/** ng_collect_rollouts against the shared ng_run, from a workspace of its own. */
async function collect(ws: Workspace, input: string, output: string, extra: string[] = [], options: Parameters<typeof cli>[3] = {}) {
  const run = cli(ws, 'ng_collect_rollouts', [`+head_server.port=${ngRun.headPort}`, `+agent_name=${AGENT}`, `+input_jsonl_fpath=${input}`, `+output_jsonl_fpath=${output}`, ...extra], options);
  const tracked = trackProcesses(run.pid!);
  const result = await run;
  tracked.stop();
  await assertNoProcessLeft(tracked.pids(), 'ng_collect_rollouts');
  return result;
}

const isRoot = process.getuid?.() === 0;

/** A tmpfs mounted at `dir` (root only); undefined with the reason when it cannot be. */
function mountTmpfs(dir: string, options: string): string | undefined {
  if (!isRoot) return 'mounting a small file system needs root';
  mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  return mounted.status === 0 ? undefined : `mount -t tmpfs failed: ${mounted.stderr.trim()}`;
}

function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}

test('output_jsonl_fpath equal to the input is refused before anything is written; the input is untouched', async () => {
  const ws = workspace();
  const input = writeWeatherRows(join(ws.dir, 'tasks.jsonl'), 5);
  const before = readFileSync(input);
  const result = await collect(ws, input, input);
  assert.equal(result.exitCode, 1, String(result.all));
  assert.match(String(result.stderr), /error \[RG_CONFIG\] output_jsonl_fpath=tasks\.jsonl would overwrite the input rows \(\+input_jsonl_fpath\): the rollouts file itself is tasks\.jsonl/);
  assert.match(String(result.stderr), /fix: write the results elsewhere, e\.g\. \+output_jsonl_fpath=results\/tasks_rollouts\.jsonl \(nothing was written; tasks\.jsonl is untouched\)/);
  assert.deepEqual(readFileSync(input), before);
  assert.deepEqual(readdirSync(ws.dir).sort(), ['tasks.jsonl']);
});

test('an output whose sidecar is the input (and an e2e output over its dataset) is refused the same way', async () => {
  const ws = workspace(upstream);
  const input = writeWeatherRows(join(ws.dir, 'run_failures.jsonl'), 5);
  const before = readFileSync(input);
  const result = await collect(ws, input, join(ws.dir, 'run.jsonl'));
  assert.equal(result.exitCode, 1, String(result.all));
  assert.match(String(result.stderr), /would overwrite the input rows \(\+input_jsonl_fpath\): its sidecar run_failures\.jsonl is run_failures\.jsonl/);
  assert.deepEqual(readFileSync(input), before);

  const args = (await e2eArgs(ws, 5)).map((arg) => (arg.startsWith('+output_jsonl_fpath=') ? `+output_jsonl_fpath=${join(ws.dir, 'tasks.jsonl')}` : arg));
  const dataset = readFileSync(join(ws.dir, 'tasks.jsonl'));
  const e2e = cli(ws, 'ng_e2e_collect_rollouts', args);
  const tracked = trackProcesses(e2e.pid!);
  const refused = await e2e;
  tracked.stop();
  assert.equal(refused.exitCode, 1, String(refused.all));
  assert.match(String(refused.stderr), /would overwrite the dataset tasks of simple_weather_simple_agent: the rollouts file itself is tasks\.jsonl/);
  assert.doesNotMatch(String(refused.all), /healthy/, 'no server was started');
  assert.deepEqual(readFileSync(join(ws.dir, 'tasks.jsonl')), dataset);
  await assertNoProcessLeft(tracked.pids());
});

test('a rerun without resume keeps the previous run aside, all its files together, and says where', async () => {
  const ws = workspace();
  const input = writeWeatherRows(join(ws.dir, 'tasks.jsonl'), 4);
  const out = join(ws.dir, 'run.jsonl');
  const first = await collect(ws, input, out);
  assert.equal(first.exitCode, 0, String(first.all));
  const previous = readFileSync(out, 'utf8');
  const second = await collect(ws, input, out);
  assert.equal(second.exitCode, 0, String(second.all));
  const kept = /A previous run was at run\.jsonl: kept aside as (run\.\d{8}-\d{6}\.jsonl) \(with its 4 other files\); this run starts fresh \(to continue a stopped run instead, add \+resume_from_cache=true\)\./.exec(String(second.stdout));
  assert.ok(kept, String(second.stdout));
  const stem = kept[1]!.replace(/\.jsonl$/, '');
  assert.equal(readFileSync(join(ws.dir, kept[1]!), 'utf8'), previous, 'the previous rollouts are intact');
  for (const sidecar of ['_materialized_inputs.jsonl', '_failures.jsonl', '_aggregate_metrics.json', '_run_manifest.json']) {
    assert.ok(existsSync(join(ws.dir, `${stem}${sidecar}`)), `${stem}${sidecar} kept beside it`);
  }
  assert.equal(rolloutKeys(out).length, 4, 'the new run is complete');
});

test('an output path that is a folder: one error naming it and the fix, before anything runs', async () => {
  const ws = workspace();
  const input = writeWeatherRows(join(ws.dir, 'tasks.jsonl'), 3);
  mkdirSync(join(ws.dir, 'results'));
  const result = await collect(ws, input, join(ws.dir, 'results'));
  assert.equal(result.exitCode, 1, String(result.all));
  assert.match(String(result.stderr), /^error \[RG_FILE\] cannot write rollouts to .*\/results: it is a folder, not a file \(EISDIR\)\n  fix: name a file, e\.g\. .*\/results\/rollouts\.jsonl, or move that folder away/m);
  assert.doesNotMatch(String(result.stderr), /this is a bug|    at /);
});

test('an output folder without write permission: EACCES named with the path and the fix', async () => {
  const ws = workspace();
  chmodSync(ws.dir, 0o755);
  const input = writeWeatherRows(join(ws.dir, 'tasks.jsonl'), 3);
  const locked = join(ws.dir, 'locked');
  mkdirSync(locked, { mode: 0o755 });
  // Root writes anywhere: run the collector as nobody then; anyone else is refused by the mode itself.
  if (!isRoot) chmodSync(locked, 0o555);
  const result = await collect(ws, input, join(locked, 'run.jsonl'), [], isRoot ? { uid: 65534, gid: 65534 } : {});
  assert.equal(result.exitCode, 1, String(result.all));
  assert.match(String(result.stderr), /^error \[RG_FILE\] permission denied: cannot write rollouts to .*\/locked\/run\.jsonl \(EACCES\)\n  fix: give this user write access to .*\/locked \(`ls -ld .*\/locked` shows who owns it\), or choose a path in a folder you own; or choose another \+output_jsonl_fpath/m);
  assert.deepEqual(readdirSync(locked), []);
});

test('an output on a read-only file system: EROFS named with the path and the fix', async (t) => {
  const ws = workspace();
  const input = writeWeatherRows(join(ws.dir, 'tasks.jsonl'), 3);
  const disk = join(ws.dir, 'ro');
  const problem = mountTmpfs(disk, 'size=1m,ro');
  if (problem) return t.skip(problem);
  try {
    const result = await collect(ws, input, join(disk, 'run.jsonl'));
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /^error \[RG_FILE\] cannot write rollouts to .*\/ro\/run\.jsonl: it is on a read-only file system \(EROFS\)\n  fix: choose a path on a writable disk/m);
  } finally {
    unmount(disk);
  }
});

test('a disk that fills up mid-run: ENOSPC named with the path, the last line intact, and a resume completes the set', async (t) => {
  const ws = workspace();
  const rows = 60;
  const input = writeWeatherRows(join(ws.dir, 'tasks.jsonl'), rows);
  const disk = join(ws.dir, 'small-disk');
  const problem = mountTmpfs(disk, 'size=64k');
  if (problem) return t.skip(problem);
  try {
    const out = join(disk, 'run.jsonl');
    const result = await collect(ws, input, out, ['+num_samples_in_parallel=4']);
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /^error \[RG_FILE\] cannot write to .*\/small-disk\/run(_failures)?\.jsonl: no space left on the device \(ENOSPC\)\n  fix: free space on the disk of .*\/small-disk \(`df -h .*\/small-disk`\); then continue with the same command plus \+resume_from_cache=true: every rollout written so far is kept/m);
    assert.doesNotMatch(String(result.all), /this is a bug|    at /);
    const kept = rolloutKeys(out); // every line whole JSON, the file ends with a newline
    assert.ok(kept.length > 0 && kept.length < rows, `${kept.length} rollouts written before the disk was full`);
    assert.deepEqual(readLines(join(disk, 'run_failures.jsonl')), [], 'rollouts that could not be written are not failures');

    const grown = spawnSync('mount', ['-o', 'remount,size=8m', disk], { encoding: 'utf8' });
    assert.equal(grown.status, 0, grown.stderr);
    const resumed = await collect(ws, input, out, ['+resume_from_cache=true']);
    assert.equal(resumed.exitCode, 0, String(resumed.all));
    assert.match(String(resumed.stdout), new RegExp(`Resuming: ${kept.length} of ${rows} rollouts already done`));
    const keys = rolloutKeys(out);
    assert.equal(keys.length, rows);
    assert.equal(new Set(keys).size, rows, 'every rollout exactly once');
    assert.ok(existsSync(join(disk, 'run_aggregate_metrics.json')));
  } finally {
    unmount(disk);
  }
});

test('output writability is checked before servers start: e2e into a read-only folder starts nothing', async (t) => {
  const ws = workspace(upstream);
  const disk = join(ws.dir, 'ro');
  const problem = mountTmpfs(disk, 'size=1m,ro');
  if (problem) return t.skip(problem);
  try {
    const args = (await e2eArgs(ws, 3)).map((arg) => (arg.startsWith('+output_jsonl_fpath=') ? `+output_jsonl_fpath=${join(disk, 'run.jsonl')}` : arg));
    const run = cli(ws, 'ng_e2e_collect_rollouts', args);
    const result = await run;
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /error \[RG_FILE\] cannot write rollouts to .*\/ro\/run\.jsonl: it is on a read-only file system \(EROFS\)/);
    assert.doesNotMatch(String(result.all), /healthy|Prepared/, 'nothing was prepared or started');
  } finally {
    unmount(disk);
  }
});
