// ng_status from "another terminal": finds a running ng_run (by registry or head port) and shows its servers healthy.
import assert from 'node:assert/strict';
import { freePort } from '../helpers/free-port.ts';
import { join } from 'node:path';
import { test } from 'node:test';
import { descendantsOf, waitUntilGone } from '../helpers/processes.ts';
import { spawnCli } from '../helpers/cli.ts';
import { fixtureConfigsDir, fixtureCwd, waitForOutput } from '../servers/stack-fixtures.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

test('ng_status lists the servers of a running ng_run as healthy (found via the run registry, or by +head_server.port)', async () => {
  const cwd = fixtureCwd();
  const headPort = await freePort();
  const env = { RG_RUNS_DIR: join(cwd, 'runs') };
  const run = spawnCli('ng_run', [`+config_paths=[${join(fixtureConfigsDir, 'healthy-pair.yaml')}]`, `+head_server.port=${headPort}`, '+shutdown_grace_s=1'], {
    cwd,
    env,
  });
  try {
    await waitForOutput(run.stdout!, /press Ctrl-C to stop/);
    const status = await spawnCli('ng_status', [], { cwd: testTempDir('rg-status-'), env });
    assert.equal(status.exitCode, 0, String(status.stderr));
    const out = String(status.stdout);
    assert.match(out, /^NAME\s+KIND\s+URL\s+PID\s+HEALTH\s+UPTIME\s+HEAD$/m);
    assert.match(out, new RegExp(`^healthy_server\\s+resources_server\\s+http://127\\.0\\.0\\.1:\\d+\\s+\\d+\\s+healthy\\s+\\S+\\s+http://127\\.0\\.0\\.1:${headPort}$`, 'm'));
    assert.match(out, /^grandchild_server\s+responses_api_agent\s+.*\s+healthy\s+/m);
    assert.match(out, /2 servers found \(2 healthy, 0 unhealthy\)/);

    const json = await spawnCli('ng_status', [`+head_server.port=${headPort}`, '+json=true'], { env: { RG_RUNS_DIR: join(cwd, 'no-runs') } });
    const records = JSON.parse(String(json.stdout)) as Array<{ name: string; health: string; pid: number; uptime_seconds: number }>;
    assert.deepEqual(records.map((record) => [record.name, record.health]).sort(), [['grandchild_server', 'healthy'], ['healthy_server', 'healthy']]);
  } finally {
    const children = descendantsOf(run.pid!);
    run.kill('SIGINT');
    await run;
    assert.deepEqual(await waitUntilGone(children, 3000), []);
  }
});

test('ng_status with no run going says so plainly', async () => {
  const cwd = testTempDir('rg-status-');
  const port = await freePort();
  const result = await spawnCli('ng_status', [`+head_server.port=${port}`], { cwd, env: { RG_RUNS_DIR: join(cwd, 'runs') } });
  assert.equal(result.exitCode, 0);
  assert.equal(String(result.stdout).trim(), `No rollout-gym servers found running at http://127.0.0.1:${port}.`);
  assert.equal(String(result.stderr), '');
});
