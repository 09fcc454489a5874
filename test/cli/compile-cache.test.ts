// Our default compile-cache directory does not grow forever: entries unused for a month go, at most once a day.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { pruneCompileCache } from '../../bin/compile-cache.js';
import { spawnCli } from '../helpers/cli.ts';
import { freePort } from '../helpers/free-port.ts';
import { testTempDir } from '../helpers/temp-dir.ts';
import { fixtureConfigsDir, fixtureCwd, waitForOutput } from '../servers/stack-fixtures.ts';

const DAY_MS = 24 * 3600 * 1000;

/** A cache entry last read and written `daysAgo` days ago, in a version directory last used as long ago as its oldest entry. */
function entry(path: string, daysAgo: number): void {
  const versionDir = join(path, '..');
  mkdirSync(versionDir, { recursive: true });
  writeFileSync(path, 'compiled');
  const at = new Date(Date.now() - daysAgo * DAY_MS);
  utimesSync(path, at, at);
  utimesSync(versionDir, at, at);
}

test('entries unused for a month are removed, and version directories left empty; a second pass waits a day', () => {
  const cache = testTempDir('rg-compile-cache-');
  entry(join(cache, 'v24-x64-a', 'recent'), 20);
  entry(join(cache, 'v24-x64-a', 'old'), 40);
  entry(join(cache, 'v22-x64-b', 'old'), 40);
  mkdirSync(join(cache, 'v25-x64-c'));
  pruneCompileCache(cache);
  assert.deepEqual(readdirSync(join(cache, 'v24-x64-a')), ['recent']);
  assert.equal(existsSync(join(cache, 'v22-x64-b')), false, 'an emptied version directory unused for a month is removed');
  assert.ok(existsSync(join(cache, 'v25-x64-c')), 'an empty one created just now (a Node writes its entries at exit) stays');

  entry(join(cache, 'v24-x64-a', 'old'), 40);
  pruneCompileCache(cache);
  assert.deepEqual(readdirSync(join(cache, 'v24-x64-a')).sort(), ['old', 'recent'], 'pruned less than a day ago: left alone');
  pruneCompileCache(cache, Date.now() + DAY_MS + 1000);
  assert.deepEqual(readdirSync(join(cache, 'v24-x64-a')), ['recent']);
});

test('a directory that cannot be read is left alone without an error', () => {
  assert.doesNotThrow(() => pruneCompileCache(join(testTempDir('rg-compile-cache-'), 'missing')));
});

test('a command running with the default directory prunes it after 10 s; the cache it uses itself stays', async () => {
  // The default directory is under the temp dir: here, one of the test's own.
  const tmp = testTempDir('rg-compile-cache-tmp-');
  const cache = join(tmp, 'rollout-gym-compile-cache');
  entry(join(cache, 'v0-stale', 'old'), 40);
  entry(join(cache, 'v0-kept', 'recent'), 1);
  entry(join(cache, 'v0-kept', 'old'), 40);
  const cwd = fixtureCwd();
  const run = spawnCli('ng_run', [`+config_paths=[${join(fixtureConfigsDir, 'healthy-pair.yaml')}]`, `+head_server.port=${await freePort()}`, '+shutdown_grace_s=1'], {
    cwd,
    env: { TMPDIR: tmp, NODE_COMPILE_CACHE: undefined, RG_RUNS_DIR: join(cwd, 'runs') },
  });
  try {
    await waitForOutput(run.stdout!, /press Ctrl-C to stop/);
    for (let waited = 0; existsSync(join(cache, 'v0-stale')) && waited < 30_000; waited += 250) await sleep(250);
    assert.equal(existsSync(join(cache, 'v0-stale')), false, 'the stale version directory was not removed within 30 s');
    assert.deepEqual(readdirSync(join(cache, 'v0-kept')), ['recent']);
  } finally {
    run.kill('SIGINT');
    await run.catch(() => undefined);
  }
  // The directory this Node created at start, still empty when the pass ran, holds what the processes compiled.
  const own = readdirSync(cache).filter((name) => name.startsWith(`${process.version}-`));
  assert.equal(own.length, 1, `no cache of this Node in ${cache}: ${readdirSync(cache)}`);
  assert.ok(readdirSync(join(cache, own[0]!)).length > 10, 'it holds the modules the command and its servers loaded');
});
