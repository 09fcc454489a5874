// ng_run as a user runs it: up, the table, Ctrl-C or SIGKILL, and nothing left behind.
import assert from 'node:assert/strict';
import { freePort } from '../helpers/free-port.ts';
import { join } from 'node:path';
import { test } from 'node:test';
import { descendantsOf, waitUntilGone } from '../helpers/processes.ts';
import { spawnCli } from '../helpers/cli.ts';
import { fixtureConfigsDir, fixtureCwd, waitForOutput } from '../servers/stack-fixtures.ts';

async function startNgRun(configFile: string, extra: string[] = []) {
  const cwd = fixtureCwd();
  const headPort = await freePort();
  const run = spawnCli(
    'ng_run',
    [`+config_paths=[${join(fixtureConfigsDir, configFile)}]`, `+head_server.port=${headPort}`, '+shutdown_grace_s=1', ...extra],
    { cwd, env: { RG_RUNS_DIR: join(cwd, 'runs') } },
  );
  return { run, cwd, headPort };
}

test('ng_run brings the servers up, prints the table, and on Ctrl-C exits 130 with every child gone and no error noise', async () => {
  const { run, headPort } = await startNgRun('healthy-pair.yaml');
  const ready = await waitForOutput(run.stdout!, /press Ctrl-C to stop/);
  assert.match(ready, /^NAME\s+KIND\s+IMPLEMENTATION\s+URL\s+PID$/m);
  assert.match(ready, /^healthy_server\s+resources_server\s+healthy\s+http:\/\/127\.0\.0\.1:\d+\s+\d+$/m);
  assert.match(ready, /^grandchild_server\s+responses_api_agent\s+spawns-grandchild\s+http:\/\/127\.0\.0\.1:\d+\s+\d+$/m);
  assert.match(ready, new RegExp(`all 2 servers healthy in \\d+\\.\\d s; head server http://127\\.0\\.0\\.1:${headPort}`));
  const children = descendantsOf(run.pid!);
  assert.ok(children.length >= 5, 'two guards, two servers and a grandchild');

  run.kill('SIGINT');
  const result = await run;
  assert.equal(result.exitCode, 130);
  assert.match(String(result.stdout), /all servers stopped in \d+\.\d s/);
  assert.equal(String(result.stderr).trim(), 'stopping every server...');
  assert.deepEqual(await waitUntilGone(children, 2000), []);
});

test('ng_run killed with SIGKILL: every child it started exits by itself within 5 s', async () => {
  const { run } = await startNgRun('healthy-pair.yaml');
  await waitForOutput(run.stdout!, /press Ctrl-C to stop/);
  const children = descendantsOf(run.pid!);
  assert.ok(children.length >= 5);
  run.kill('SIGKILL');
  await run;
  assert.deepEqual(await waitUntilGone(children, 5000), [], 'orphans must not survive their orchestrator');
});

test('ng_run with a server that exits at start prints one error naming it and its stderr, exit 1, nothing left', async () => {
  const { run } = await startNgRun('exits-at-start.yaml');
  const seen = new Set<number>();
  const timer = setInterval(() => descendantsOf(run.pid!).forEach((pid) => seen.add(pid)), 20);
  const result = await run;
  clearInterval(timer);
  assert.equal(result.exitCode, 1);
  const stderr = String(result.stderr);
  assert.match(stderr, /^error \[RG_SERVER_START\] resources_server broken_server \(port \d+\) exited \(exit code 3\) before it became healthy$/m);
  assert.match(stderr, /command: .*node app\.mjs/);
  assert.match(stderr, /fatal: missing dataset file data\/train\.jsonl/);
  assert.match(stderr, /^ {2}log: +.*broken_server\.log \(all of its output\)$/m);
  assert.match(stderr, /fix: read the end of its output above/);
  assert.doesNotMatch(String(result.stdout) + stderr, /^\(broken_server\)/m, 'its lines are shown once, in the error');
  assert.equal(stderr.match(/error \[/g)?.length, 1, 'one message');
  assert.deepEqual(await waitUntilGone([...seen], 3000), []);
});

test('ng_run reports a server that dies while it runs, then stops the rest and exits 1', async () => {
  const { run } = await startNgRun('dies-after-start.yaml');
  await waitForOutput(run.stdout!, /press Ctrl-C to stop/);
  const children = descendantsOf(run.pid!);
  const result = await run;
  assert.equal(result.exitCode, 1);
  assert.match(String(result.stderr), /error \[RG_SERVER_DIED\] resources_server crashing_server \(pid \d+, port \d+\) died \(exit code 7\)/);
  assert.match(String(result.stderr), /out of memory \(pretend\)/);
  assert.deepEqual(await waitUntilGone(children, 3000), []);
});
