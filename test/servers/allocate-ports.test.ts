// Port allocation and the run registry: explicit ports kept, free ones distinct, stale runs forgotten.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { allocatePorts, treeWithAddresses } from '../../src/servers/allocate-ports.ts';
import { listLiveRuns, registerRun } from '../../src/servers/run-registry.ts';
import { fixtureConfig } from './stack-fixtures.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

test('explicit ports are kept, the others get distinct free ports, and the tree copy carries them all', async () => {
  const config = await fixtureConfig([
    { name: 'fixed', behaviour: 'healthy', config: { port: 12345, host: '0.0.0.0' } },
    { name: 'free_a', behaviour: 'healthy' },
    { name: 'free_b', behaviour: 'healthy' },
  ]);
  const addresses = await allocatePorts(config.servers, config.tree, 11000);
  assert.deepEqual(addresses.get('fixed'), { host: '0.0.0.0', port: 12345, portIsExplicit: true });
  const free = [addresses.get('free_a')!, addresses.get('free_b')!];
  assert.notEqual(free[0]!.port, free[1]!.port);
  for (const address of free) {
    assert.equal(address.host, '127.0.0.1');
    assert.ok(![11000, 12345].includes(address.port));
  }
  const tree = treeWithAddresses(config.tree, config.servers, addresses, { host: '127.0.0.1', port: 11000 });
  assert.equal((tree.free_a as any).resources_servers.healthy.port, free[0]!.port);
  assert.deepEqual(tree.head_server, { host: '127.0.0.1', port: 11000 });
  assert.equal((config.tree.free_a as any).resources_servers.healthy.port, undefined, 'the resolved tree is not changed');
});

test('the run registry lists live runs and forgets runs whose orchestrator is gone', () => {
  const env = { RG_RUNS_DIR: join(testTempDir('rg-runs-'), 'runs') };
  const base = { cwd: '/w', logDir: '/w/logs/x', headUrl: 'http://127.0.0.1:11000' };
  const unregister = registerRun({ ...base, runId: 'live', pid: process.pid, startedAt: 2 }, env);
  registerRun({ ...base, runId: 'stale', pid: 2 ** 22 + 12345, startedAt: 1 }, env);
  assert.deepEqual(listLiveRuns(env).map((run) => run.runId), ['live']);
  unregister();
  unregister();
  assert.deepEqual(listLiveRuns(env), []);
});
