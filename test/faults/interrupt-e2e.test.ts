// Ctrl-C of ng_e2e_collect_rollouts in a real terminal, once and twice, and SIGHUP (the terminal closing): each keeps
// what finished, says how to resume, exits 128 + signal, and no server outlives the command.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { UpstreamDouble } from '../fixtures/upstream-double/start-double.ts';
import { fixtureCwd } from '../servers/stack-fixtures.ts';
import { assertNoProcessLeft, cli, cliArgv, e2eArgs, openTerminal, skipWithoutTerminal, rolloutKeys, startUpstream, trackProcesses, workspace, waitForLines } from './fault-kit.ts';

const ROWS = 150;
let upstream: UpstreamDouble;

before(async () => {
  upstream = await startUpstream({ latency_ms: 40 });
});
after(() => upstream.stop());


/**
 * Ctrl-C once, or twice: then the stack also runs a server that ignores SIGTERM with a 60 s grace, so the stop is
 * still waiting for it when the second Ctrl-C comes (two keys at once would be one signal: they do not queue).
 */
async function interruptInTerminal(presses: 1 | 2): Promise<void> {
  const ws = workspace(upstream, presses === 2 ? { dir: fixtureCwd() } : {});
  let extra = ['+num_samples_in_parallel=4'];
  if (presses === 2) {
    writeFileSync(join(ws.dir, 'stubborn.yaml'), 'stubborn_server:\n  resources_servers:\n    ignores-sigterm:\n      entrypoint: app.mjs\n      domain: other\n');
    extra = [...extra, '+shutdown_grace_s=60'];
  }
  const args = (await e2eArgs(ws, ROWS, extra))
    .filter((arg) => !(presses === 2 && arg === '+shutdown_grace_s=2'))
    .map((arg) => (presses === 2 && arg.startsWith('+config_paths=[') ? arg.replace(']', `,${join(ws.dir, 'stubborn.yaml')}]`) : arg));
  const terminal = openTerminal(cliArgv('ng_e2e_collect_rollouts', args), { cwd: ws.dir, env: ws.env });
  try {
    const out = join(ws.dir, 'run.jsonl');
    const tracked = trackProcesses(terminal.pid);
    await waitForPaneLines(out, 10, terminal);
    terminal.press('C-c');
    if (presses === 2) {
      await waitForScreen(terminal, /waiting for stubborn_server \(pid \d+\) to exit; SIGKILL in \d+ s \(shutdown_grace_s\), Ctrl-C again kills now/);
      terminal.press('C-c');
    }
    const status = await terminal.exited();
    tracked.stop();
    const screen = terminal.screen();
    assert.equal(status, 130, screen);
    assert.match(screen, new RegExp(`Finished rollout collection: \\d+/${ROWS} succeeded`));
    assert.match(screen, /error \[RG_COLLECTION\] rollout collection stopped by Ctrl-C; finished rollouts are kept/);
    assert.match(screen, /continue where it stopped with the same command plus \+resume_from_cache=true/);
    if (presses > 1) assert.match(screen, /Ctrl-C again: stopping now, without waiting for grace periods/);
    assert.doesNotMatch(screen, /this is a bug|Error:|at .*\(file:/);
    await assertNoProcessLeft(tracked.pids(), 'ng_e2e_collect_rollouts');
    const kept = rolloutKeys(out);
    assert.ok(kept.length >= 10 && kept.length < ROWS, `${kept.length} rollouts kept`);
    assert.ok(existsSync(join(ws.dir, 'run_aggregate_metrics.json')), 'the metrics of what finished are written');

    const resumed = await cli(ws, 'ng_e2e_collect_rollouts', [...args, '+resume_from_cache=true', '++num_samples_in_parallel=32', '++shutdown_grace_s=1']);
    assert.equal(resumed.exitCode, 0, String(resumed.all));
    assert.match(String(resumed.stdout), new RegExp(`Resuming: ${kept.length} of ${ROWS} rollouts already done`));
    const keys = rolloutKeys(out);
    assert.equal(keys.length, ROWS);
    assert.equal(new Set(keys).size, ROWS, 'every rollout exactly once');
  } finally {
    terminal.close();
  }
}

async function waitForPaneLines(path: string, count: number, terminal: ReturnType<typeof openTerminal>): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!existsSync(path) || rolloutKeysLoose(path) < count) {
    if (Date.now() > deadline) assert.fail(`no ${count} rollouts within 90 s:\n${terminal.screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForScreen(terminal: ReturnType<typeof openTerminal>, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!pattern.test(terminal.screen())) {
    if (Date.now() > deadline) assert.fail(`no ${pattern} within 60 s:\n${terminal.screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function rolloutKeysLoose(path: string): number {
  try {
    return rolloutKeys(path).length;
  } catch {
    return 0;
  }
}

test('Ctrl-C in a terminal mid-collection: summary, resume hint, exit 130, no server left; the resume completes the set', { skip: skipWithoutTerminal, timeout: 180_000 }, async () => {
  await interruptInTerminal(1);
});

test('a second Ctrl-C while a server ignores SIGTERM kills it now, and still prints what was kept, exits 130, leaves no process', { skip: skipWithoutTerminal, timeout: 180_000 }, async () => {
  await interruptInTerminal(2);
});

test('SIGHUP (the terminal closed) mid-collection: exit 129, finished rollouts kept, no server left', { timeout: 180_000 }, async () => {
  const ws = workspace(upstream);
  const args = await e2eArgs(ws, ROWS, ['+num_samples_in_parallel=4']);
  const run = cli(ws, 'ng_e2e_collect_rollouts', args);
  const tracked = trackProcesses(run.pid!);
  await waitForLines(join(ws.dir, 'run.jsonl'), 10, run);
  run.kill('SIGHUP');
  const result = await run;
  tracked.stop();
  assert.equal(result.exitCode, 129, String(result.all));
  assert.match(String(result.stderr), /rollout collection stopped by SIGHUP; finished rollouts are kept/);
  assert.match(String(result.stdout), /Outputs:\n(?: {2}.*\n)* {2}rollouts: +run\.jsonl\n/);
  await assertNoProcessLeft(tracked.pids(), 'ng_e2e_collect_rollouts');
  const kept = rolloutKeys(join(ws.dir, 'run.jsonl'));
  assert.equal(new Set(kept).size, kept.length);
});
