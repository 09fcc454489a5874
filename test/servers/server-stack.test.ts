// The stack against fixture servers named by behaviour: what a user sees, and that no process outlives it.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { ServerError } from '../../src/errors.ts';
import { serverDiedError, startServerStack } from '../../src/servers/server-stack.ts';
import { descendantsOf, isAlive, waitUntilGone } from '../helpers/processes.ts';
import { capturedOptions, fixtureConfig } from './stack-fixtures.ts';

async function assertNothingLeft(pids: number[]): Promise<void> {
  assert.deepEqual(await waitUntilGone(pids, 3000), [], 'every process the test started is gone');
  assert.deepEqual(descendantsOf(process.pid).filter(isAlive), []);
}

test('healthy servers come up, are listed by the head server, and stop() twice takes the whole group down', async () => {
  const config = await fixtureConfig([
    { name: 'plain', behaviour: 'healthy' },
    { name: 'stubborn', behaviour: 'ignores-sigterm' },
    { name: 'parent', behaviour: 'spawns-grandchild', kind: 'responses_api_agents' },
  ]);
  const options = capturedOptions(config);
  const stack = await startServerStack(config, { ...options, settings: { shutdownGraceMs: 300 } });
  const started = descendantsOf(process.pid);
  try {
    assert.deepEqual(stack.servers.map((server) => server.state), ['healthy', 'healthy', 'healthy']);
    const records = (await (await fetch(`${stack.headUrl}/server_instances`)).json()) as Array<Record<string, unknown>>;
    assert.deepEqual(records.map((record) => record.name).sort(), ['parent', 'plain', 'stubborn']);
    const parent = records.find((record) => record.name === 'parent')!;
    assert.equal(parent.server_type, 'responses_api_agents');
    assert.equal(parent.health, 'healthy');
    assert.equal((await fetch(`${parent.url}/`)).status, 200);
    assert.match(options.stdout.text, /✔ responses_api_agent parent healthy at http:\/\/127\.0\.0\.1:\d+ in \d+\.\d s/);
    // A server's informational startup lines go to its log only.
    assert.doesNotMatch(options.stdout.text, /grandchild pid/);
    const grandchild = Number(/^grandchild pid (\d+)$/m.exec(readFileSync(join(stack.logDir, 'parent.log'), 'utf8'))![1]);
    assert.ok(started.includes(grandchild));
  } finally {
    const first = stack.stop();
    assert.equal(stack.stop(), first, 'a second stop() returns the same promise');
    await first;
  }
  assert.deepEqual(stack.servers.map((server) => server.state), ['stopped', 'stopped', 'stopped']);
  assert.ok(stack.timings.stopMs! >= 250, 'the server ignoring SIGTERM was killed after the grace period');
  assert.equal((await fetch(stack.headUrl).catch(() => undefined)), undefined, 'the head server is closed');
  await assertNothingLeft(started);
});

test('a server exiting at start fails the run with one message: name, kind, port, command, exit code, the end of its stderr, its log', async () => {
  const config = await fixtureConfig([
    { name: 'fine', behaviour: 'healthy' },
    { name: 'broken', behaviour: 'exits-at-start' },
  ]);
  const options = capturedOptions(config);
  const started: number[] = [];
  const timer = setInterval(() => started.push(...descendantsOf(process.pid)), 20);
  const error = await startServerStack(config, options).then(
    () => assert.fail('startup should fail'),
    (caught: unknown) => caught,
  );
  clearInterval(timer);
  assert.ok(error instanceof ServerError);
  assert.match(error.message, /^resources_server broken \(port \d+\) exited \(exit code 3\) before it became healthy$/);
  assert.match(error.details!, /command: .*node app\.mjs \(in .*exits-at-start\)/);
  assert.match(error.details!, /its output ends with:/);
  assert.match(error.details!, /fatal: missing dataset file data\/train\.jsonl/);
  assert.match(error.details!, /boot step 19 failed/);
  assert.doesNotMatch(error.details!, /boot step 18 failed/);
  assert.match(error.details!, /^log: +.*broken\.log/m);
  assert.match(options.stdout.text, /✖ resources_server broken/);
  await assertNothingLeft(started);
});

test('a server that never answers fails at its deadline, naming the setting that extends it', async () => {
  const config = await fixtureConfig([{ name: 'sleepy', behaviour: 'never-healthy' }]);
  const options = capturedOptions(config);
  const started: number[] = [];
  const timer = setInterval(() => started.push(...descendantsOf(process.pid)), 20);
  const error = await startServerStack(config, { ...options, settings: { startupTimeoutMs: 700 } }).catch((caught: unknown) => caught);
  clearInterval(timer);
  assert.ok(error instanceof ServerError);
  assert.match(error.message, /resources_server sleepy \(port \d+\) did not become healthy within 0\.7 s/);
  assert.match(error.hint!, /server_startup_timeout_s/);
  assert.ok(started.length > 0);
  await assertNothingLeft(started);
});

test('a port taken between allocation and bind makes that server restart once on a fresh port', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const takenPort = (blocker.address() as { port: number }).port;
  const config = await fixtureConfig([{ name: 'racer', behaviour: 'binds-taken-port', config: { taken_port: takenPort } }]);
  const block = (config.tree.racer as Record<string, Record<string, Record<string, unknown>>>).resources_servers!['binds-taken-port']!;
  block.marker_file = join(config.cwd, 'racer-started');
  const options = capturedOptions(config);
  const stack = await startServerStack(config, options);
  const started = descendantsOf(process.pid);
  try {
    const [racer] = stack.servers;
    assert.equal(racer!.state, 'healthy');
    assert.match(options.stderr.text, new RegExp(`\\(racer\\) port \\d+ was taken by another process; restarting on port ${racer!.port}`));
    assert.equal(readFileSync(join(config.cwd, 'racer-started'), 'utf8'), 'started\nstarted\n');
    const served = ((stack.tree.racer as Record<string, Record<string, Record<string, unknown>>>).resources_servers!['binds-taken-port']!).port;
    assert.equal(served, racer!.port, 'the config handed out shows the new port');
  } finally {
    await stack.stop();
    blocker.close();
  }
  await assertNothingLeft(started);
});

test('a server dying while the run goes on is reported with its exit code and stderr tail', async () => {
  const config = await fixtureConfig([
    { name: 'steady', behaviour: 'healthy' },
    { name: 'crashy', behaviour: 'dies-after-start', config: { die_after_ms: 400 } },
  ]);
  const stack = await startServerStack(config, capturedOptions(config));
  const started = descendantsOf(process.pid);
  try {
    const died = await new Promise<ServerError>((resolve) => stack.onServerExit((handle, exit) => resolve(serverDiedError(handle, exit))));
    assert.equal(died.code, 'RG_SERVER_DIED');
    assert.match(died.message, /^resources_server crashy \(pid \d+, port \d+\) died \(exit code 7\)$/);
    assert.match(died.details!, /out of memory \(pretend\)/);
    assert.equal(stack.servers.find((server) => server.name === 'crashy')!.state, 'failed');
  } finally {
    await stack.stop();
  }
  await assertNothingLeft(started);
});

test('secrets reach children only through the environment: never argv, the terminal or the log files', async () => {
  const secret = 'sk-test-0123456789abcdef';
  const config = await fixtureConfig([{ name: 'talker', behaviour: 'healthy', config: { say: `warning: using key ${secret}` } }], { policy_api_key: secret });
  const options = capturedOptions(config);
  const stack = await startServerStack(config, options);
  const started = descendantsOf(process.pid);
  try {
    for (const pid of started) assert.doesNotMatch(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), new RegExp(secret));
    const [talker] = stack.servers;
    assert.match(readFileSync(`/proc/${talker!.pid}/environ`, 'utf8'), new RegExp(`policy_api_key: ${secret}`), 'the child gets the full config');
  } finally {
    await stack.stop();
  }
  const [runDir] = readdirSync(join(config.cwd, 'logs'));
  const log = readFileSync(join(config.cwd, 'logs', runDir!, 'talker.log'), 'utf8');
  assert.match(log, /^warning: using key \*\*\*\*$/m);
  // A warning while starting is shown under the server's name in the startup list.
  assert.match(options.stdout.text, /\(talker\) warning: using key \*\*\*\*$/m);
  assert.doesNotMatch(log + options.stdout.text + options.stderr.text, new RegExp(secret));
  await assertNothingLeft(started);
});

test('a child finds files where the orchestrator did: the extra roots reach it as NEMO_GYM_EXTRA_ROOTS', async () => {
  const config = await fixtureConfig([{ name: 'plain', behaviour: 'healthy', config: { print_env: 'NEMO_GYM_EXTRA_ROOTS' } }]);
  const stack = await startServerStack({ ...config, extraRoots: ['/srv/envs', '/opt/more-envs'] }, capturedOptions(config));
  const started = descendantsOf(process.pid);
  try {
    await stack.stop();
    assert.match(readFileSync(join(stack.logDir, 'plain.log'), 'utf8'), /^NEMO_GYM_EXTRA_ROOTS=\/srv\/envs:\/opt\/more-envs$/m);
  } finally {
    await stack.stop();
  }
  await assertNothingLeft(started);
});
