import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startBareTopology } from '../../bench/lib/bare-topology.ts';
import { summarizeTraffic } from '../../bench/lib/rollout-traffic.ts';
import { createProbeRun, readProbeReports } from '../../bench/probe/probe-report.ts';
import { isAlive } from '../helpers/processes.ts';

test('the bare topology collects rollouts through five processes, the probe counts its /run calls as ours, and stop() leaves no process', async () => {
  const probe = createProbeRun('test-bare');
  try {
    const topology = await startBareTopology({ upstreamDelayMs: 2, connections: 8, env: probe.env });
    let collectorPid: number;
    try {
      const collector = topology.startCollector(8, join(probe.directory, 'rollouts.jsonl'));
      collectorPid = collector.pid;
      await collector.waitForLines(200, 60_000);
      assert.ok(collector.lines.count() >= 200);
    } finally {
      await topology.stop();
    }
    assert.deepEqual([...topology.processes.values()].sort(), ['agent', 'collector', 'model', 'resources', 'upstream']);
    assert.deepEqual([...topology.processes.keys()].filter(isAlive), [], 'every process of the topology is gone');
    // What the scale measurement reads: the agent's /run calls, and the upstream's, as for our stack.
    const traffic = summarizeTraffic(readProbeReports(probe.directory), topology.upstreamPid, collectorPid);
    assert.ok(traffic.rollouts >= 200, `${traffic.rollouts} /run calls counted`);
    assert.ok(traffic.windowMs > 0);
    assert.ok(traffic.upstreamCalls >= 2 * traffic.rollouts, `${traffic.upstreamCalls} upstream calls for ${traffic.rollouts} rollouts`);
  } finally {
    probe.dispose();
  }
});

test('waiting for the bare topology collector fails at once, saying so, when it has ended', async () => {
  const probe = createProbeRun('test-bare');
  const topology = await startBareTopology();
  try {
    const collector = topology.startCollector(2, join(probe.directory, 'rollouts.jsonl'));
    process.kill(collector.pid, 'SIGKILL');
    await assert.rejects(collector.waitForLines(1_000_000, 60_000), /the bare topology's collector ended after \d+ of 1000000 rollouts/);
  } finally {
    await topology.stop();
    probe.dispose();
  }
});

test('bench/wake-cost.ts prints, for the bare and the kit server, CPU per call and round trip for every pause asked', async () => {
  const script = new URL('../../bench/wake-cost.ts', import.meta.url).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [script, '--calls=50', '--gaps=0,1'], { timeout: 180_000 });
  const rows = stdout.split('\n').filter((line) => / µs +[\d.]+ ms$/.test(line));
  assert.deepEqual(
    rows.map((row) => /^(bare node:http server|weather resources server).*?\s([\d.]+) ms\s/.exec(row)?.slice(1, 3).join(' ')),
    ['bare node:http server 0', 'bare node:http server 1', 'weather resources server 0', 'weather resources server 1'],
    stdout,
  );
  for (const row of rows) {
    const [cpu, roundTrip] = [/([\d.]+) µs/.exec(row)?.[1], / ([\d.]+) ms$/.exec(row)?.[1]].map(Number);
    assert.ok(cpu! > 0 && roundTrip! > 0, row);
  }
  await assert.rejects(promisify(execFile)(process.execPath, [script, '--calls=none']), (error: { code: number; stderr: string }) => error.code === 2 && /usage: node bench\/wake-cost\.ts/.test(error.stderr));
});
