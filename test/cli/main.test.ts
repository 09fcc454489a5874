import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { mainPath, repoRoot } from '../helpers/cli.ts';
import { COMMANDS } from '../../src/cli/commands.ts';
import { runCommand } from '../config/run-cli-command.ts';

test('an unknown command names the known ones, suggests the closest, and exits 2', async () => {
  const result = await runCommand('ng_frobnicate', []);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr, /unknown command "ng_frobnicate"/);
  assert.match(result.stderr, /ng_run/);
  const typo = await runCommand('ng_rnu', []);
  assert.match(typo.stderr, /did you mean ng_run\?/);
});

test('every command answers --help (and -h, +help=true) with its usage, without running', async () => {
  const runs = Object.keys(COMMANDS).map((name, index) => {
    const flag = ['--help', '-h', '+help=true'][index % 3]!;
    return runCommand(name, ['+config_paths=[does/not/exist.yaml]', flag]).then((result) => ({ name, flag, result }));
  });
  for (const { name, flag, result } of await Promise.all(runs)) {
    assert.equal(result.exitCode, 0, `${name} ${flag}: ${result.stderr}`);
    assert.match(result.stdout, new RegExp(`^Usage: ${name}\\b`, 'm'), `${name} ${flag}`);
    assert.match(result.stdout, /^Overrides \(every command\):/m);
  }
});

test('a user-facing error prints no stack unless +verbose=true', async () => {
  const quiet = await runCommand('ng_dump_config', ['+config_paths=[does/not/exist.yaml]']);
  assert.equal(quiet.exitCode, 1);
  assert.match(quiet.stderr, /^error \[RG_CONFIG_FILE\] config_paths entry 'does\/not\/exist\.yaml' was not found/);
  assert.match(quiet.stderr, /\(run with \+verbose=true for a stack trace\)/);
  assert.doesNotMatch(quiet.stderr, /^\s+at /m);
  const verbose = await runCommand('ng_dump_config', ['+config_paths=[does/not/exist.yaml]', '+verbose=true']);
  assert.match(verbose.stderr, /^\s+at /m);
});

/** Runs `args` under this Node twice with a fresh $TMPDIR (where the cache goes when NODE_COMPILE_CACHE is not set); returns what Node says of the cache on the second start. */
async function secondStartCacheReport(t: { after: (fn: () => void) => void }, args: readonly string[]): Promise<string> {
  const tmp = mkdtempSync(join(tmpdir(), 'rg-compile-cache-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_COMPILE_CACHE' && name !== 'NODE_DISABLE_COMPILE_CACHE'));
  const run = (extra: Record<string, string>) => execa(process.execPath, args, { cwd: repoRoot, env: { ...env, TMPDIR: tmp, ...extra }, extendEnv: false, reject: false });
  const first = await run({});
  assert.equal(first.exitCode, 0, first.stderr);
  const second = await run({ NODE_DEBUG_NATIVE: 'COMPILE_CACHE' });
  assert.equal(second.exitCode, 0);
  return second.stderr;
}

const takenFromCache = (file: string): RegExp => new RegExp(`V8 code cache for ESM file://\\S*/${file.replaceAll('.', '\\.')} was accepted`);

test('a command starts from the compile cache for every module of ours, the entry point\'s own imports included', async (t) => {
  // Node says which files it took from the cache; commands.ts is imported before any command is chosen.
  const report = await secondStartCacheReport(t, [mainPath, 'ng_version']);
  for (const file of ['src/cli/command-dispatch.ts', 'src/cli/commands.ts', 'src/cli/ng-version.ts']) assert.match(report, takenFromCache(file), `${file} was not taken from the cache`);
});

test('through the bin launcher, the entry point itself comes from the compile cache too', async (t) => {
  const report = await secondStartCacheReport(t, [join(repoRoot, 'bin', 'ng_version.js')]);
  for (const file of ['src/cli/main.ts', 'src/cli/commands.ts']) assert.match(report, takenFromCache(file), `${file} was not taken from the cache`);
});
