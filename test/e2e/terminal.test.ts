// What a user sees in a real terminal (a tmux pseudo-terminal): the quick start's startup list, tqdm's bar,
// the summary; and Ctrl-C during collection ending through the collector's own stop path.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { mainPath, repoRoot } from '../helpers/cli.ts';
import { waitUntilGone } from '../helpers/processes.ts';
import { hasTmux, openTerminal } from '../helpers/terminal.ts';
import { readJsonlFile, tempDir, writeWeatherRows } from '../rollouts/collect-helpers.ts';

/** tqdm's meter: `Collecting rollouts:  40%|██████▍   | 6/15 [00:01<00:02,  3.40it/s]`, anchored at a line start. */
const BAR = String.raw`^Collecting rollouts: +(\d{1,3})%\|[█▏▎▍▌▋▊▉ ]{24}\| (\d+)/(\d+) \[\d\d:\d\d<(?:\d\d:\d\d|\?), +(?:\d+\.\d\d(?:it/s|s/it)|\?it/s)\]`;

/** Processes whose environment names `parentPid` as their orchestrator (the servers a run started). */
function serversOfRun(parentPid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`RG_PARENT_PID=${parentPid}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function e2eCommand(dir: string, configArgs: string[]): Promise<string[]> {
  return [process.execPath, mainPath, 'ng_e2e_collect_rollouts', ...configArgs, '+split=example', `+output_jsonl_fpath=${join(dir, 'run.jsonl')}`, `+head_server.port=${await freePort()}`, `+log_dir=${join(dir, 'logs')}`];
}

test('the quick start in a terminal: startup list in order, one tqdm bar redrawn in place, the summary on one scale', { timeout: 120_000 }, async (t) => {
  if (!hasTmux(t)) return;
  const dir = tempDir();
  // `npm start`'s command, with its outputs in a temp dir and a free head port.
  const terminal = openTerminal(await e2eCommand(dir, ['+config_paths=[configs/quickstart.yaml]']), { cwd: repoRoot });
  try {
    const status = await terminal.exited(90_000);
    const screen = terminal.screen();
    assert.equal(status, 0, screen);
    const lines = screen.split('\n');

    // Startup: one verdict per server, and no server chatter (it is in the logs; only errors are shown).
    for (const name of ['policy_model', 'example_simple_weather', 'simple_weather_simple_agent', 'workplace_assistant', 'workplace_assistant_simple_agent']) {
      assert.match(screen, new RegExp(`^✔ \\S+ ${name} healthy at http://127\\.0\\.0\\.1:\\d+ in \\d+(\\.\\d)? s$`, 'm'));
    }
    assert.doesNotMatch(screen, /^\(\w+\) listening on/m, 'servers\' own lines go to their logs');
    assert.match(screen, /^Server output: .*logs\/[\w-]+\/<server>\.log \(only errors and warnings are shown here\)$/m);
    const lastVerdict = lines.findLastIndex((line) => line.startsWith('✔ '));
    const barAt = lines.findIndex((line) => line.startsWith('Collecting rollouts:'));
    assert.ok(lastVerdict >= 0 && lastVerdict < barAt, 'the startup list is complete before collection starts');

    // The bar: tqdm's shape, drawn in place (one line on the screen), with the mean reward per agent beside or under it.
    const bars = lines.filter((line) => line.startsWith('Collecting rollouts:'));
    assert.equal(bars.length, 1, `one bar line, redrawn in place:\n${bars.join('\n')}`);
    const bar = new RegExp(BAR, 'm').exec(bars[0]!);
    assert.ok(bar, `tqdm's shape: ${bars[0]}`);
    assert.deepEqual([bar[1], bar[2], bar[3]], ['100', '15', '15']);
    assert.match(bars[0]!, /\|█{24}\| 15\/15 \[\d\d:\d\d<00:00, /);
    assert.match(screen, /mean reward: example_multi_step_simple_agent 0\.000 · simple_weather_simple_agent 1\.000 · workplace_assistant_simple_agent 0\.000/);

    // The summary: each output once, key metrics per agent, the offline model's note.
    assert.match(screen, /^Finished rollout collection: 15\/15 succeeded, 0 failed\.$/m);
    assert.match(screen, /^ {2}preprocessed dataset: .*run\/preprocessed_datasets\/example\.jsonl$/m);
    assert.equal(screen.split('preprocessed_datasets/example.jsonl').length - 1, 1, 'the prepared split is named once');
    assert.equal(screen.split('run_materialized_inputs.jsonl').length - 1, 1, 'the materialized inputs are named once');
    assert.match(screen, /^Key metrics for simple_weather_simple_agent \(5\/5 rollouts succeeded\):\n {2}mean\/reward: 1$/m);
    assert.match(screen, /^note: the policy is the offline model \(responses_api_models\/offline_model\), not an LLM: its rewards check the tools and verifiers and say nothing about a model\.$/m);
    assert.equal(readJsonlFile(join(dir, 'run.jsonl')).length, 15);
    assert.deepEqual(await waitUntilGone(serversOfRun(terminal.pid), 5000), [], 'every server of the run is gone');
  } finally {
    terminal.close();
  }
});

test('Ctrl-C in a terminal during collection ends through the collector: stop message, summary, exit 130, nothing left', { timeout: 180_000 }, async (t) => {
  if (!hasTmux(t)) return;
  const dir = tempDir();
  const configs = 'responses_api_models/offline_model/configs/offline_model.yaml,resources_servers/example_simple_weather/configs/simple_weather.yaml';
  const rows = writeWeatherRows(join(dir, 'many.jsonl'), 600);
  const command = await e2eCommand(dir, [
    `+config_paths=[${configs}]`,
    `++simple_weather_simple_agent.responses_api_agents.simple_agent.datasets=[{name: many, type: example, jsonl_fpath: ${rows}}]`,
    '+num_samples_in_parallel=2',
  ]);
  const terminal = openTerminal(command, { cwd: repoRoot });
  try {
    // A bar part-way: tqdm's shape with a rate and a remaining time.
    const running = await terminal.waitFor(new RegExp(`${BAR.replace(String.raw`(\d{1,3})%`, String.raw`( ?[1-9]\d?)%`)}`, 'm'), 90_000);
    assert.match(running, /\/600 \[\d\d:\d\d<\d\d:\d\d, +\d+\.\d\d(it\/s|s\/it)\] \| mean reward: simple_weather_simple_agent 1\.000$/m);
    const servers = serversOfRun(terminal.pid);
    assert.ok(servers.length >= 3, `the run's servers are up (${servers.length})`);
    terminal.sendKeys('C-c');
    const status = await terminal.exited(60_000);
    const screen = terminal.screen();
    assert.equal(status, 130, screen);
    assert.match(screen, /^Finished rollout collection: \d+\/600 succeeded, 0 failed, \d+ not attempted\.$/m);
    assert.match(screen, /^error \[RG_COLLECTION\] rollout collection stopped by Ctrl-C; finished rollouts are kept$/m);
    assert.match(screen, /\+resume_from_cache=true/);
    const kept = readJsonlFile(join(dir, 'run.jsonl')).length;
    assert.ok(kept > 0 && kept < 600, `kept ${kept} rollouts`);
    assert.match(screen, new RegExp(`^Finished rollout collection: ${kept}/600 succeeded`, 'm'), 'the summary counts what is on disk');
    assert.deepEqual(await waitUntilGone(servers, 10_000), [], 'every server of the run is gone');
  } finally {
    terminal.close();
  }
});
