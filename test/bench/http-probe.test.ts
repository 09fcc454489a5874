import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { request } from 'undici';
import { startPortChild } from '../../bench/lib/child-process.ts';
import { createProbeRun, readProbeReports } from '../../bench/probe/probe-report.ts';
import { isAlive } from '../helpers/processes.ts';

const bareServer = new URL('../../bench/fixtures/bare-http-server.ts', import.meta.url).pathname;

test('the probe counts every request a process serves, per route, and reports its peak RSS when it exits', async () => {
  const probe = createProbeRun('test');
  try {
    const server = await startPortChild(bareServer, [], probe.env);
    const base = `http://127.0.0.1:${server.port}`;
    for (let i = 0; i < 3; i += 1) await (await request(`${base}/run?x=1`, { method: 'POST', body: '{}' })).body.text();
    await (await request(`${base}/`)).body.text();
    await server.stop();

    const [report, ...others] = readProbeReports(probe.directory);
    assert.equal(others.length, 0);
    assert.equal(report!.pid, server.child.pid);
    assert.deepEqual(Object.keys(report!.routes).sort(), ['GET /', 'POST /run']);
    assert.equal(report!.routes['POST /run']!.count, 3);
    assert.equal(report!.routes['POST /run']!.finished, 3);
    assert.equal(report!.routes['GET /']!.count, 1);
    assert.ok(report!.routes['POST /run']!.lastFinish >= report!.routes['POST /run']!.firstStart);
    // Starts per 100 ms (epoch ms / 100), every one counted, none outside the first and last start.
    const run = report!.routes['POST /run']!;
    assert.equal(Object.values(run.startsPer100Ms!).reduce((sum, starts) => sum + starts, 0), 3);
    for (const bucket of Object.keys(run.startsPer100Ms!).map(Number)) {
      assert.ok(bucket >= Math.floor(run.firstStart / 100) && bucket <= Math.floor(run.lastStart / 100), `bucket ${bucket}`);
    }
    assert.ok(report!.maxRssKb > 10_000, `peak RSS ${report!.maxRssKb} kB`);
    assert.equal(isAlive(server.child.pid!), false);
  } finally {
    probe.dispose();
  }
});

test('a process without its own SIGTERM handler still reports, then dies of the signal as it would have', async () => {
  const probe = createProbeRun('test');
  try {
    const script = "require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log(this.address().port); });";
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, ...probe.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    await (await request(`http://127.0.0.1:${Number(line.toString())}/tool`, { method: 'POST', body: '{}' })).body.text();
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    assert.equal(code, null);
    assert.equal(signal, 'SIGTERM');
    const [report] = readProbeReports(probe.directory);
    assert.equal(report!.routes['POST /tool']!.count, 1);
    assert.equal(isAlive(child.pid!), false);
  } finally {
    probe.dispose();
  }
});
