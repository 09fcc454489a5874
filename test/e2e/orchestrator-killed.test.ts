// The shipped servers run without a guard process: they must still go when ng_run is killed with SIGKILL.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { spawnCli } from '../helpers/cli.ts';
import { descendantsOf, waitUntilGone } from '../helpers/processes.ts';
import { tempDir } from '../rollouts/collect-helpers.ts';

test('kill -9 of ng_run running the shipped servers leaves no process behind within 5 s', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const run = spawnCli('ng_run', ['+config_paths=[configs/quickstart.yaml]', `+head_server.port=${await freePort()}`, `+log_dir=${join(dir, 'logs')}`], { all: true });
  await new Promise<void>((resolve, reject) => {
    run.stdout!.on('data', (chunk: Buffer) => /servers healthy/.test(String(chunk)) && resolve());
    void run.then((result) => reject(new Error(`ng_run exited early:\n${String(result.all)}`)));
  });
  const servers = descendantsOf(run.pid!);
  assert.equal(servers.length, 7, 'one process per server of the quick start: shipped servers need no guard');
  run.kill('SIGKILL');
  await run;
  assert.deepEqual(await waitUntilGone(servers, 5000), [], 'every server exits by itself once its orchestrator is gone');
});
