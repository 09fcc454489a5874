import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeTraffic } from '../../bench/lib/rollout-traffic.ts';
import type { ProbeReport, RouteStats } from '../../bench/probe/probe-report.ts';

function agentReport(pid: number, run: RouteStats): ProbeReport {
  return { pid, ppid: 1, argv: ['app.ts'], serverName: `agent_${pid}`, maxRssKb: 1024, cpuMs: 10, cpuMsAfterFirstPost: 5, eventLoopDelayMs: { p50: 10, p99: 10, max: 10 }, routes: { 'POST /run': run }, writtenAt: 0 };
}

function runStats(firstStart: number, startsPer100Ms: Record<string, number>, totalMs: number): RouteStats {
  const count = Object.values(startsPer100Ms).reduce((sum, starts) => sum + starts, 0);
  return { count, finished: count, totalMs, status4xx: 0, status5xx: 0, firstStart, lastStart: firstStart, lastFinish: firstStart + 10_000, maxStartGapMs: 0, startsPer100Ms };
}

test('the first round is admitted when the starts of every agent together reach the rollouts in flight', () => {
  // Two agents start 6 + 4 rollouts from 1,000,000.05 s (bucket 10,000,000) to bucket 10,000,012.
  const reports = [
    agentReport(11, runStats(1_000_000_050, { 10000000: 3, 10000005: 3 }, 6 * 2_000)),
    agentReport(12, runStats(1_000_000_060, { 10000000: 1, 10000012: 3 }, 4 * 3_000)),
  ];
  const traffic = summarizeTraffic(reports);
  assert.equal(traffic.rollouts, 10);
  // Starts reach 7 in bucket 10,000,005, which ends 550 ms after the first start; 10 in bucket 10,000,012.
  assert.equal(traffic.admissionMsOf(7), 550);
  assert.equal(traffic.admissionMsOf(10), 1_250);
  assert.equal(traffic.admissionMsOf(11), undefined);
  assert.equal(traffic.runMeanMs, (6 * 2_000 + 4 * 3_000) / 10);
});

test('reports without a start timeline (count mode) leave the admission unknown', () => {
  const stats = runStats(1_000, {}, 0);
  const traffic = summarizeTraffic([agentReport(11, { ...stats, count: 5, finished: 5, totalMs: 500, startsPer100Ms: undefined })]);
  assert.equal(traffic.admissionMsOf(5), undefined);
  assert.equal(traffic.runMeanMs, 100);
});
