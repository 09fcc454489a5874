// 3. Latency overhead: the weather stack (startServerStack), openai_model in front of an upstream taking a
// fixed time per call; each rollout's `/run` time minus the time it spent in the upstream. Then the same for the
// bare topology (bench/lib/bare-topology.ts): the overhead five processes and 8 exchanges have on this machine with
// nothing of ours in them, the floor under our figure.
import { Pool } from 'undici';
import { runClosedLoop } from '../lib/closed-loop.ts';
import type { BenchContext, Measurement, MeasurementOutcome } from '../lib/measurement.ts';
import { startBareTopology } from '../lib/bare-topology.ts';
import { startStack, urlOf } from '../lib/in-process-stack.ts';
import { summarizeTraffic } from '../lib/rollout-traffic.ts';
import { sizesFor } from '../lib/sizes.ts';
import { median, quantile, round } from '../lib/stats.ts';
import { startUpstream } from '../lib/upstream.ts';
import { assertWorkloadExists, OPENAI_MODEL_CONFIG, policyOverrides, WEATHER_AGENT, WEATHER_CONFIG, weatherExampleRows } from '../lib/weather-setup.ts';
import { createProbeRun, readProbeReports } from '../probe/probe-report.ts';

/** Drive `/run` with `concurrency` clients for `total` rollouts; returns each rollout's duration in ms, in start order.
 * The clients start spread over one rollout's upstream time: with an upstream that always takes exactly
 * the same time, clients started together would stay in lockstep forever and every answer would queue
 * behind the whole wave, which no real upstream (whose latency varies) produces. */
export async function timeRollouts(agentUrl: string, rows: Record<string, unknown>[], concurrency: number, total: number, rolloutUpstreamMs: number): Promise<number[]> {
  const pool = new Pool(agentUrl, { connections: concurrency, pipelining: 1, headersTimeout: 120_000, bodyTimeout: 120_000 });
  const durations: number[] = new Array(total);
  const bodies = rows.map((row) => JSON.stringify(row));
  try {
    const result = await runClosedLoop({
      concurrency,
      total,
      staggerMs: rolloutUpstreamMs / concurrency,
      send: async (index) => {
        const start = performance.now();
        const response = await pool.request({ method: 'POST', path: '/run', headers: { 'content-type': 'application/json' }, body: bodies[index % bodies.length] });
        const text = await response.body.text();
        durations[index] = performance.now() - start;
        if (response.statusCode !== 200) throw new Error(`/run answered ${response.statusCode}: ${text.slice(0, 300)}`);
      },
    });
    if (result.errors > 0) throw new Error(`${result.errors} of ${total} rollouts failed, first: ${result.firstError}`);
    return durations;
  } finally {
    await pool.close();
  }
}

export const latency: Measurement = {
  name: 'latency',
  title: '3. latency overhead',
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    assertWorkloadExists();
    const { concurrency, warmup, rollouts, upstreamDelayMs } = sizesFor(context.quick).latency;
    const probe = createProbeRun('latency');
    try {
      const upstream = await startUpstream(upstreamDelayMs, probe.env);
      let durations: number[];
      try {
        const stack = await startStack([WEATHER_CONFIG, OPENAI_MODEL_CONFIG], policyOverrides(upstream.baseUrl), probe.env);
        try {
          // Weather rollouts make two model calls (checked below against the upstream's count).
          durations = await timeRollouts(urlOf(stack, WEATHER_AGENT), weatherExampleRows(), concurrency, warmup + rollouts, 2 * upstreamDelayMs);
        } finally {
          await stack.stop();
        }
      } finally {
        await upstream.stop();
      }
      const traffic = summarizeTraffic(readProbeReports(probe.directory), upstream.pid);
      const callsPerRollout = traffic.upstreamCalls / (warmup + rollouts);
      if (!Number.isInteger(callsPerRollout)) throw new Error(`upstream calls per rollout vary (${traffic.upstreamCalls} calls for ${warmup + rollouts} rollouts); cannot attribute upstream time`);
      // The upstream is told to take exactly `upstreamDelayMs`; its timer overshoot (upstreamMeanMs in
      // the details) is counted as ours, which errs on the side of a worse figure, never a better one.
      // (Subtracting the measured mean instead lets one slow upstream call hide overhead everywhere.)
      const upstreamPerRollout = callsPerRollout * upstreamDelayMs;
      // The warm-up opens every connection and lets the JIT compile every hop; a long run lives in the steady state after it.
      const overheads = durations.slice(warmup).map((duration) => duration - upstreamPerRollout);
      const overheadMedian = median(overheads);
      const overheadP99 = quantile(overheads, 0.99);
      context.log(`${rollouts} rollouts at concurrency ${concurrency}, ${callsPerRollout} upstream calls of ${round(traffic.upstreamMeanMs, 2)} ms (mean) each: overhead median ${round(overheadMedian, 2)} ms, p99 ${round(overheadP99, 2)} ms`);
      const bare = await bareTopologyOverheads(concurrency, warmup, rollouts, upstreamDelayMs, callsPerRollout);
      context.log(`the bare topology, same rollouts: overhead median ${round(median(bare), 2)} ms, p99 ${round(quantile(bare, 0.99), 2)} ms`);
      return {
        figures: [
          { key: 'latency.overhead_median_ms', label: `rollout time - upstream time, median (${upstreamDelayMs} ms/call)`, value: overheadMedian, unit: 'ms', target: { op: '<', value: 5 } },
          { key: 'latency.overhead_p99_ms', label: `rollout time - upstream time, p99 (${upstreamDelayMs} ms/call)`, value: overheadP99, unit: 'ms', target: { op: '<', value: 30 } },
          { key: 'latency.bare_topology_overhead_median_ms', label: 'the same, median, bare topology (nothing of ours: the floor here)', value: median(bare), unit: 'ms' },
          { key: 'latency.bare_topology_overhead_p99_ms', label: 'the same, p99, bare topology (nothing of ours: the floor here)', value: quantile(bare, 0.99), unit: 'ms' },
        ],
        details: {
          concurrency,
          rollouts,
          warmupRolloutsExcluded: warmup,
          clientsStartedOverMs: 2 * upstreamDelayMs,
          upstreamDelayMs,
          upstreamCallsPerRollout: callsPerRollout,
          upstreamMeanMsMeasuredInUpstream: round(traffic.upstreamMeanMs, 3),
          rolloutMsMedian: round(median(durations.slice(warmup)), 2),
          rolloutMsP99: round(quantile(durations.slice(warmup), 0.99), 2),
          warmupOverheadMedianMs: round(median(durations.slice(0, warmup)) - upstreamPerRollout, 2),
          requestsPerRollout: round(traffic.requestsPerRollout, 2),
          // Mean time each server took per request, as measured inside it: where the overhead goes.
          meanMsByRoute: Object.fromEntries(traffic.routes.map((r) => [`${r.server} ${r.route}`, round(r.meanMs, 2)])),
          serverErrors: traffic.serverErrors,
          eventLoopDelayMsByProcess: traffic.eventLoopDelayMsByProcess,
          cpuMsPerRolloutByProcess: traffic.cpuMsPerRolloutByProcess,
        },
      };
    } finally {
      probe.dispose();
    }
  },
};

/** Each weather rollout's overhead (ms) after `warmup` of them: its `/run` time minus the upstream's time per rollout. */
export async function rolloutOverheads(agentUrl: string, concurrency: number, warmup: number, rollouts: number, upstreamMsPerRollout: number): Promise<number[]> {
  const durations = await timeRollouts(agentUrl, weatherExampleRows(), concurrency, warmup + rollouts, upstreamMsPerRollout);
  return durations.slice(warmup).map((duration) => duration - upstreamMsPerRollout);
}

/** The same measurement through the bare topology, its upstream taking the same time per call (and called as often). */
export async function bareTopologyOverheads(concurrency: number, warmup: number, rollouts: number, upstreamDelayMs: number, callsPerRollout: number): Promise<number[]> {
  const topology = await startBareTopology({ upstreamDelayMs });
  try {
    return await rolloutOverheads(topology.agentUrl, concurrency, warmup, rollouts, callsPerRollout * upstreamDelayMs);
  } finally {
    await topology.stop();
  }
}
