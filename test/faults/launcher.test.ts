// bin/launch.js on a machine whose Node is too old for our TypeScript (the machine's Node 20): it re-executes the command
// under node_modules/.bin/node. Ctrl-C in a terminal must reach the command once (an orderly, confirmed stop), and the
// launcher must exit with the command's code (never 0 after Ctrl-C), also when the command fails at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { assertNoProcessLeft, openTerminal, repoRoot, skipWithoutTerminal, stackArgs, startUpstream, trackProcesses, WEATHER_CONFIGS, workspace } from './fault-kit.ts';

/** A Node on this machine older than 22.18 (so the launcher takes its re-exec path), if there is one. */
function findOldNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout?.trim();
    if (!version) continue;
    const [major, minor] = version.replace(/^v/, '').split('.').map(Number) as [number, number];
    if (major < 22 || (major === 22 && minor < 18)) return candidate;
  }
  return undefined;
}

const oldNode = findOldNode();
const noOldNode = oldNode ? false : 'no Node older than 22.18 on this machine (/usr/bin/node): the launcher re-executes only under an old Node';
const launcher = join(repoRoot, 'bin', 'ng_run.js');
/** The machine's PATH without node_modules/.bin: `node` is the old one, as for a user on that machine. */
const machinePath = '/usr/local/bin:/usr/bin:/bin';

test('Ctrl-C of ng_run through the launcher in a terminal: one orderly stop, confirmed, launcher exits 130, nothing left', { skip: noOldNode || skipWithoutTerminal, timeout: 120_000 }, async () => {
  const upstream = await startUpstream();
  const ws = workspace(upstream);
  const terminal = openTerminal([oldNode!, launcher, `+config_paths=[${WEATHER_CONFIGS}]`, ...(await stackArgs(ws))], { cwd: ws.dir, env: { ...ws.env, PATH: machinePath } });
  try {
    const tracked = trackProcesses(terminal.pid);
    const deadline = Date.now() + 90_000;
    while (!/press Ctrl-C to stop/.test(terminal.screen())) {
      if (Date.now() > deadline) assert.fail(`ng_run did not come up:\n${terminal.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    terminal.press('C-c');
    const status = await terminal.exited();
    tracked.stop();
    const screen = terminal.screen();
    assert.equal(status, 130, screen);
    assert.match(screen, /stopping every server\.\.\.\nall servers stopped in \d+\.\d s/);
    assert.doesNotMatch(screen, /Ctrl-C again/, 'one Ctrl-C is one stop request, not two');
    await assertNoProcessLeft(tracked.pids(), 'the launcher');
  } finally {
    terminal.close();
    await upstream.stop();
  }
});

test('SIGTERM to the launcher reaches the command once; the launcher exits 143 after the confirmed stop', { skip: noOldNode, timeout: 120_000 }, async () => {
  const upstream = await startUpstream();
  const ws = workspace(upstream);
  const run = execa(oldNode!, [launcher, `+config_paths=[${WEATHER_CONFIGS}]`, ...(await stackArgs(ws))], { cwd: ws.dir, env: { ...ws.env, PATH: machinePath, CI: 'true' }, reject: false, all: true });
  try {
    const tracked = trackProcesses(run.pid!);
    let text = '';
    run.all!.on('data', (chunk: Buffer) => void (text += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (!/press Ctrl-C to stop/.test(text)) {
      if (Date.now() > deadline) assert.fail(`ng_run did not come up:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    run.kill('SIGTERM');
    const result = await run;
    tracked.stop();
    // What a shell sees: the launcher dies of the command's signal (128 + 15), never exit 0.
    const status = result.signal ? 128 + constants.signals[result.signal] : result.exitCode;
    assert.equal(status, 143, String(result.all));
    assert.match(String(result.all), /all servers stopped in \d+\.\d s/);
    await assertNoProcessLeft(tracked.pids(), 'the launcher');
  } finally {
    await upstream.stop();
  }
});

test('through the launcher, a taken head port is the error and exit 1: no hang, no exit 0', { skip: noOldNode, timeout: 60_000 }, async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const upstream = await startUpstream();
  try {
    const ws = workspace(upstream);
    const run = execa(oldNode!, [launcher, `+config_paths=[${WEATHER_CONFIGS}]`, `+head_server.port=${port}`], { cwd: ws.dir, env: { ...ws.env, PATH: machinePath, CI: 'true' }, reject: false, all: true, timeout: 30_000 });
    const tracked = trackProcesses(run.pid!);
    const result = await run;
    tracked.stop();
    assert.equal(result.timedOut, false, `the launcher hung:\n${String(result.all)}`);
    assert.equal(result.exitCode, 1, String(result.all));
    assert.match(String(result.stderr), /error \[RG_HEAD_SERVER\] the head server cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
    await assertNoProcessLeft(tracked.pids(), 'the launcher');
  } finally {
    server.close();
    await upstream.stop();
  }
});
