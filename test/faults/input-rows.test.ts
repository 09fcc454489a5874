// Input rows are checked before the first rollout starts, naming file and line; what cannot be read faithfully is
// refused, never altered. ng_viewer on a missing file says so once.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { UpstreamDouble } from '../fixtures/upstream-double/start-double.ts';
import { AGENT, assertNoProcessLeft, cli, e2eArgs, rolloutKeys, startNgRun, startUpstream, trackProcesses, workspace, writeWeatherRows, type NgRun, type Workspace } from './fault-kit.ts';

let upstream: UpstreamDouble;
let ngRun: NgRun;

before(async () => {
  upstream = await startUpstream();
  ngRun = await startNgRun(workspace(upstream));
});
after(async () => {
  await ngRun.stop();
  await upstream.stop();
});

async function collect(ws: Workspace, input: string) {
  const run = cli(ws, 'ng_collect_rollouts', [`+head_server.port=${ngRun.headPort}`, `+agent_name=${AGENT}`, `+input_jsonl_fpath=${input}`, `+output_jsonl_fpath=${join(ws.dir, 'run.jsonl')}`]);
  const tracked = trackProcesses(run.pid!);
  const result = await run;
  tracked.stop();
  await assertNoProcessLeft(tracked.pids(), 'ng_collect_rollouts');
  return result;
}

/** Weather rows with `lines` spliced in at their 1-based line numbers. */
function inputWith(ws: Workspace, lines: Record<number, string | Buffer>, total = 6): string {
  const path = writeWeatherRows(join(ws.dir, 'tasks.jsonl'), total);
  const rows: (string | Buffer)[] = readFileSync(path, 'utf8').trimEnd().split('\n');
  for (const [line, text] of Object.entries(lines)) rows.splice(Number(line) - 1, 0, text);
  writeFileSync(path, Buffer.concat(rows.flatMap((row) => [Buffer.from(row), Buffer.from('\n')])));
  return path;
}

async function upstreamCalls(): Promise<number> {
  return (await upstream.stats()).model_requests;
}

test('rows without responses_create_params or not objects are listed by line before any rollout starts', async () => {
  const ws = workspace();
  const input = inputWith(ws, { 3: '{"question": "no params"}', 5: '[1, 2]' });
  const calls = await upstreamCalls();
  const result = await collect(ws, input);
  assert.equal(result.exitCode, 1, String(result.all));
  assert.match(String(result.stderr), /^error \[RG_INPUT\] Line 5 of 'tasks\.jsonl' is not a JSON object \(it is an array\)/m);

  writeFileSync(input, readFileSync(input, 'utf8').replace('[1, 2]\n', '{"responses_create_params": "hello"}\n'));
  const again = await collect(ws, input);
  assert.equal(again.exitCode, 1, String(again.all));
  assert.match(String(again.stderr), /^error \[RG_INPUT\] 2 rows of 'tasks\.jsonl' cannot be sent to an agent; no rollout was started\n  line 3: it has no `responses_create_params`\n  line 5: `responses_create_params` is a string, not an object\n  fix: every row needs "responses_create_params": \{"input": \.\.\.\} \(an object\); fix or remove those lines/m);
  assert.equal(await upstreamCalls(), calls, 'no model call was made');
  assert.equal(rolloutKeys(join(ws.dir, 'run.jsonl')).length, 0);
});

test('invalid UTF-8 is refused with its line and byte, never replaced', async () => {
  const ws = workspace();
  const latin1 = Buffer.concat([Buffer.from('{"responses_create_params": {"input": "caf'), Buffer.from([0xe9]), Buffer.from('"}}')]);
  const input = inputWith(ws, { 4: latin1 });
  const before = readFileSync(input);
  const result = await collect(ws, input);
  assert.equal(result.exitCode, 1, String(result.all));
  assert.match(String(result.stderr), /^error \[RG_INPUT\] Line 4 of 'tasks\.jsonl' is not valid UTF-8 \(byte 0xe9 at byte 43 of the line\); it is refused rather than read with replaced characters\n  fix: convert the file to UTF-8, e\.g\. `iconv -f latin1 -t utf-8 'tasks\.jsonl' > fixed\.jsonl`/m);
  assert.deepEqual(readFileSync(input), before, 'the input is untouched');
});

test('a byte order mark at the start is read past: every row is collected', async () => {
  const ws = workspace();
  const input = writeWeatherRows(join(ws.dir, 'tasks.jsonl'), 4);
  writeFileSync(input, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(input)]));
  const result = await collect(ws, input);
  assert.equal(result.exitCode, 0, String(result.all));
  assert.deepEqual(rolloutKeys(join(ws.dir, 'run.jsonl')), ['0:0', '1:0', '2:0', '3:0']);
});

test('an empty input is an error, not a successful run of nothing', async () => {
  const ws = workspace();
  const input = join(ws.dir, 'tasks.jsonl');
  writeFileSync(input, '\n\n');
  const result = await collect(ws, input);
  assert.equal(result.exitCode, 1, String(result.all));
  assert.match(String(result.stderr), /^error \[RG_INPUT\] 'tasks\.jsonl' has no rows: there is nothing to collect/m);
});

test('an oversize row is refused up front with its size and line', async () => {
  const ws = workspace();
  const huge = `{"responses_create_params": {"input": "${'x'.repeat(65 * 1024 * 1024)}"}}`;
  const input = inputWith(ws, { 2: huge });
  const calls = await upstreamCalls();
  const result = await collect(ws, input);
  rmSync(input); // 65 MiB: not left behind in the temp folder
  assert.equal(result.exitCode, 1, String(result.all));
  assert.match(String(result.stderr), /^error \[RG_INPUT\] Line 2 of 'tasks\.jsonl' is 65\.0 MiB, more than the 64\.0 MiB a line may have\n  fix: a row travels whole in one HTTP request at every server hop, and servers accept requests up to 256\.0 MiB/m);
  assert.equal(await upstreamCalls(), calls, 'no model call was made');
});

test('e2e: a bad row in a dataset is refused before any server starts', async () => {
  const ws = workspace(upstream);
  const args = await e2eArgs(ws, 4);
  writeFileSync(join(ws.dir, 'tasks.jsonl'), `${readFileSync(join(ws.dir, 'tasks.jsonl'), 'utf8')}{"prompt": "no params"}\n`);
  const run = cli(ws, 'ng_e2e_collect_rollouts', args);
  const tracked = trackProcesses(run.pid!);
  const result = await run;
  tracked.stop();
  assert.equal(result.exitCode, 1, String(result.all));
  assert.match(String(result.stderr), /1 row of '.*tasks\.jsonl' cannot be sent to an agent; no rollout was started\n  line 5: it has no `responses_create_params`/);
  assert.doesNotMatch(String(result.all), /healthy/, 'no server was started');
  await assertNoProcessLeft(tracked.pids());
});

test('ng_viewer on a missing file: one clear error, no stack', async () => {
  const ws = workspace();
  const result = await cli(ws, 'ng_viewer', [`+jsonl_fpath=${join(ws.dir, 'missing.jsonl')}`, '+port=0']);
  assert.equal(result.exitCode, 1, String(result.all));
  assert.match(String(result.stderr), /^error \[RG_INPUT\] rollouts file not found: .*missing\.jsonl\n/);
  assert.doesNotMatch(String(result.stderr), /AbortError|    at /);
  assert.equal(String(result.stderr).match(/^error/gm)?.length, 1, 'one error');
});
