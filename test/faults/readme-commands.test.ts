// Every command the README shows works as written with the machine's old Node (20) first on PATH after `npm ci`:
// through npx (the package's own bins) and through `npm link`'s bins, which both go through bin/launch.js.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import getPort from 'get-port';
import { assertNoProcessLeft, repoRoot, rolloutKeys, trackProcesses } from './fault-kit.ts';
import { execa } from 'execa';

const oldNodeDir = ['/usr/bin', '/usr/local/bin'].find((dir) => {
  const version = spawnSync(join(dir, 'node'), ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (!version) return false;
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number) as [number, number];
  return (major < 22 || (major === 22 && minor < 18)) && spawnSync(join(dir, 'npx'), ['--version']).status === 0;
});
const skip = oldNodeDir ? false : 'no Node older than 22.18 with npx on this machine: the README is then run by a Node that needs no launcher';

/** The README's shell blocks as logical command lines: continuations joined, comments dropped, `a && b` split. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!);
  // Commands quoted in the text too: `npx ng_viewer results/quickstart.jsonl`.
  const inline = [...readme.replace(/```[\s\S]*?```/g, '').matchAll(/`(npx ng_[^`]*)`/g)].map((match) => match[1]!);
  return [...blocks, ...inline].flatMap((block) =>
    block
      .replace(/\\\n\s*/g, '')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== '')
      .flatMap((line) => line.split(' && ')),
  );
}

/** What `npm link` does for this package: a folder on PATH with each bin named by its command. */
function linkedBins(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rg-npm-link-'));
  for (const file of readdirSync(join(repoRoot, 'bin')).filter((name) => name.startsWith('ng_'))) {
    symlinkSync(join(repoRoot, 'bin', file), join(dir, file.replace(/\.js$/, '')));
  }
  return dir;
}

function machineEnv(): Record<string, string> {
  return { PATH: `${linkedBins()}:${oldNodeDir}:/usr/bin:/bin`, HOME: process.env.HOME ?? '/tmp', npm_config_offline: 'true', npm_config_update_notifier: 'false', CI: 'true', NO_COLOR: '1' };
}

/** Our commands: npx/node invocations and the package's bins (what `npm link` puts on PATH). */
const OURS = /^(npx|node|ng_\w+|gym|ng)$/;

test('every command the README shows starts under the machine\'s old Node (its --help answers), through npx or the npm link bins', { skip, timeout: 300_000 }, () => {
  const env = machineEnv();
  const variables: string[] = [];
  const checked: string[] = [];
  const failed: string[] = [];
  for (const command of readmeCommands()) {
    // npm ci / npm start / npm test run on node_modules/.bin/node by construction (npm start runs below, in full).
    if (/^npm /.test(command)) continue;
    // Shell variables the next commands use.
    if (/^\w+=/.test(command)) {
      variables.push(command);
      continue;
    }
    if (!OURS.test(command.split(' ')[0]!)) continue;
    checked.push(command);
    const run = spawnSync('bash', ['-c', [...variables, `${command} --help`].join('\n')], { cwd: repoRoot, env, encoding: 'utf8', timeout: 60_000 });
    const output = `${run.stdout}${run.stderr}`;
    if (run.status !== 0 || !/usage/i.test(output) || /ERR_UNKNOWN_FILE_EXTENSION|EBADENGINE/.test(output)) failed.push(`$ ${command} --help\n(exit ${run.status})\n${output.slice(0, 1500)}`);
  }
  assert.ok(checked.filter((command) => command.startsWith('npx ')).length >= 6, `README commands found:\n${checked.join('\n')}`);
  assert.deepEqual(failed, [], 'every README command answers --help under the machine\'s Node');
});

test('the quick start command through npx under the machine\'s old Node collects end to end and leaves nothing running', { skip, timeout: 240_000 }, async () => {
  const quickstart = readmeCommands().find((command) => command.startsWith('npx ng_e2e_collect_rollouts') && command.includes('quickstart'));
  assert.ok(quickstart, 'the README shows the quick start command');
  // As written, except that the results go to a temporary folder and the head server to a free port.
  const out = join(mkdtempSync(join(tmpdir(), 'rg-readme-')), 'quickstart.jsonl');
  const command = `${quickstart.replace('+output_jsonl_fpath=results/quickstart.jsonl', `+output_jsonl_fpath=${out}`)} +head_server.port=${await getPort()} +log_dir=${join(out, '..', 'logs')}`;
  const run = execa('bash', ['-c', command], { cwd: repoRoot, env: machineEnv(), extendEnv: false, reject: false, all: true });
  const tracked = trackProcesses(run.pid!);
  const result = await run;
  tracked.stop();
  assert.equal(result.exitCode, 0, String(result.all));
  assert.match(String(result.stdout), /Key metrics for simple_weather_simple_agent/);
  assert.equal(rolloutKeys(out).length, 15);
  assert.doesNotMatch(String(result.all), /EBADENGINE|ERR_UNKNOWN_FILE_EXTENSION/);
  await assertNoProcessLeft(tracked.pids(), 'the quick start');
});
