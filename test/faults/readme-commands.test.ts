// Every command the README shows works as written with the machine's old Node (20) first on PATH after `npm ci`:
// `node bin/<command>.js`, `npm link`'s bins and `npx` in a project that installed the checkout all go through
// bin/launch.js, which re-executes under node_modules/.bin/node. (npx of the package's own bins from inside the
// checkout is not used: npx keeps those bin links in ~/.npm/_npx and does not refresh them when bins are added.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { assertNoProcessLeft, repoRoot, rolloutKeys, trackProcesses } from './fault-kit.ts';
import { execa } from 'execa';
import { testTempDir } from '../helpers/temp-dir.ts';

const oldNodeDir = ['/usr/bin', '/usr/local/bin'].find((dir) => {
  const version = spawnSync(join(dir, 'node'), ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (!version) return false;
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number) as [number, number];
  return (major < 22 || (major === 22 && minor < 18)) && spawnSync(join(dir, 'npx'), ['--version']).status === 0;
});
const skip = oldNodeDir ? false : 'no Node older than 22.18 with npx on this machine: the README is then run by a Node that needs no launcher';

/** A README shell block as logical command lines: continuations joined, comments dropped, `a && b` split. */
function commandsOf(block: string): string[] {
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '')
    .flatMap((line) => line.split(' && '));
}

/** The README's shell blocks, and the commands quoted in its text (`node bin/ng_viewer.js results/...`). */
function readmeBlocks(): string[][] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => commandsOf(match[1]!));
  const inline = [...readme.replace(/```[\s\S]*?```/g, '').matchAll(/`(node bin\/[^`<]*)`/g)].map((match) => match[1]!);
  return [...blocks, inline];
}

function readmeCommands(): string[] {
  return readmeBlocks().flat();
}

/** What `npm link` does for this package: a folder on PATH with each bin named by its command. */
function linkedBins(): string {
  const dir = testTempDir('rg-npm-link-');
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

/** A project of its own that has installed this checkout, as the README's `npm install <path of a checkout>`. */
function projectDependingOnUs(env: Record<string, string>): string {
  const dir = testTempDir('rg-readme-project-');
  writeFileSync(join(dir, 'package.json'), '{"name": "my-env", "private": true}\n');
  const installed = spawnSync('npm', ['install', '--no-audit', '--no-fund', repoRoot], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(installed.status, 0, `npm install ${repoRoot}: ${installed.stdout}${installed.stderr}`);
  return dir;
}

test('every command the README shows starts under the machine\'s old Node (its --help answers): bin launchers, npm link bins, npx in a project', { skip, timeout: 300_000 }, () => {
  const env = machineEnv();
  const checked: string[] = [];
  const failed: string[] = [];
  for (const block of readmeBlocks()) {
    const installsUs = block.some((command) => command.startsWith('npm install <path'));
    const cwd = installsUs ? projectDependingOnUs(env) : repoRoot;
    const variables: string[] = [];
    for (const command of block) {
      // npm ci / npm start / npm test run on node_modules/.bin/node by construction (the quick start runs below, in full).
      if (/^npm /.test(command)) continue;
      // Shell variables the next commands use.
      if (/^\w+=/.test(command)) {
        variables.push(command);
        continue;
      }
      if (!OURS.test(command.split(' ')[0]!)) continue;
      checked.push(command);
      const run = spawnSync('bash', ['-c', [...variables, `${command} --help`].join('\n')], { cwd, env, encoding: 'utf8', timeout: 60_000 });
      const output = `${run.stdout}${run.stderr}`;
      if (run.status !== 0 || !/usage/i.test(output) || /ERR_UNKNOWN_FILE_EXTENSION|EBADENGINE/.test(output)) failed.push(`$ ${command} --help (in ${cwd})\n(exit ${run.status})\n${output.slice(0, 1500)}`);
    }
  }
  assert.ok(checked.filter((command) => command.startsWith('node bin/')).length >= 6, `README commands found:\n${checked.join('\n')}`);
  assert.deepEqual(failed, [], 'every README command answers --help under the machine\'s Node');
});

test('the quick start command under the machine\'s old Node collects end to end and leaves nothing running', { skip, timeout: 240_000 }, async () => {
  const quickstart = readmeCommands().find((command) => command.startsWith('node bin/ng_e2e_collect_rollouts.js') && command.includes('quickstart'));
  assert.ok(quickstart, 'the README shows the quick start command');
  // As written, except that the results go to a temporary folder and the head server to a free port.
  const out = join(testTempDir('rg-readme-'), 'quickstart.jsonl');
  const command = `${quickstart.replace('+output_jsonl_fpath=results/quickstart.jsonl', `+output_jsonl_fpath=${out}`)} +head_server.port=${await freePort()} +log_dir=${join(out, '..', 'logs')}`;
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
