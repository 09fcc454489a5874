// 1. Ceiling: requests per second of the simplest loopback exchange (bare node:http server in a child
// process, undici client in this one), at each concurrency the throughput runs use.
import { join } from 'node:path';
import { Pool } from 'undici';
import { readProcStat } from '../../src/servers/proc-stat.ts';
import { startPortChild } from '../lib/child-process.ts';
import { runClosedLoop } from '../lib/closed-loop.ts';
import type { BenchContext, Measurement, MeasurementOutcome } from '../lib/measurement.ts';
import type { Figure } from '../lib/report.ts';
import { sizesFor } from '../lib/sizes.ts';
import { perSecond, round } from '../lib/stats.ts';

const serverScript = join(import.meta.dirname, '..', 'fixtures', 'bare-http-server.ts');

/** The size of a typical request body of ours (a weather model call carries conversation and tools). */
export const PAYLOAD_BYTES = 2048;
const payload = JSON.stringify({ padding: 'x'.repeat(PAYLOAD_BYTES - 14) });

/** User + system CPU ms of process `pid` so far (Linux /proc, 10 ms ticks). */
function cpuMsOf(pid: number): number {
  const stat = readProcStat(pid);
  if (stat === undefined) throw new Error(`cannot read /proc/${pid}/stat`);
  return (stat.utimeTicks + stat.stimeTicks) * 10;
}

export interface CeilingSample {
  rate: number;
  /** CPU of client and server together per exchange: unlike the rate, other load barely changes it. */
  cpuMsPerRequest: number;
}

/** The best of `repeats` ceiling samples (requests per second; lowest CPU per exchange). */
export async function bestCeiling(concurrency: number, sizes: { warmupMs: number; durationMs: number; repeats: number }, withPayload = false): Promise<CeilingSample & { samples: number[] }> {
  const samples: CeilingSample[] = [];
  for (let i = 0; i < sizes.repeats; i += 1) samples.push(await measureCeiling(concurrency, sizes.warmupMs, sizes.durationMs, withPayload));
  return { rate: Math.max(...samples.map((s) => s.rate)), cpuMsPerRequest: Math.min(...samples.map((s) => s.cpuMsPerRequest)), samples: samples.map((s) => s.rate) };
}

/** Closed-loop GETs (or POSTs of a 2 KB JSON body echoed back) against a bare server for a fixed time. */
export async function measureCeiling(concurrency: number, warmupMs: number, durationMs: number, withPayload = false): Promise<CeilingSample> {
  const server = await startPortChild(serverScript);
  const pool = new Pool(`http://127.0.0.1:${server.port}`, { connections: concurrency, pipelining: 1 });
  try {
    const cpuBefore = process.cpuUsage();
    const serverCpuBefore = cpuMsOf(server.child.pid!);
    let sent = 0;
    const result = await runClosedLoop({
      concurrency,
      warmupMs,
      durationMs,
      send: async () => {
        sent += 1;
        const response = withPayload
          ? await pool.request({ method: 'POST', path: '/', body: payload, headers: { 'content-type': 'application/json' } })
          : await pool.request({ method: 'GET', path: '/' });
        await response.body.text();
        if (response.statusCode !== 200) throw new Error(`bare server answered ${response.statusCode}`);
      },
    });
    if (result.errors > 0) throw new Error(`${result.errors} ceiling requests failed, first: ${result.firstError}`);
    const clientCpu = process.cpuUsage(cpuBefore);
    const cpuMs = (clientCpu.user + clientCpu.system) / 1000 + cpuMsOf(server.child.pid!) - serverCpuBefore;
    return { rate: perSecond(result.completed, result.elapsedMs), cpuMsPerRequest: cpuMs / sent };
  } finally {
    await pool.close();
    await server.stop();
  }
}

export const ceiling: Measurement = {
  name: 'ceiling',
  title: '1. ceiling',
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    const sizes = sizesFor(context.quick);
    const figures: Figure[] = [];
    const samplesByConcurrency: Record<string, number[]> = {};
    for (const concurrency of sizes.concurrencies) {
      const { rate, samples, cpuMsPerRequest } = await bestCeiling(concurrency, sizes.ceiling);
      samplesByConcurrency[`c${concurrency}`] = samples.map((sample) => round(sample, 0));
      figures.push({ key: `ceiling.c${concurrency}.cpu_us_per_request`, label: `bare exchange CPU (client + server), concurrency ${concurrency}`, value: cpuMsPerRequest * 1000, unit: 'µs' });
      context.log(`ceiling at concurrency ${concurrency}: ${round(rate, 0)} req/s (best of ${samples.map((sample) => round(sample, 0)).join(', ')})`);
      figures.push({ key: `ceiling.c${concurrency}.requests_per_s`, label: `bare loopback req/s, concurrency ${concurrency}`, value: rate, unit: 'req/s' });
    }
    // Not the ceiling (the issue defines it as the simplest exchange), but it tells how much of the gap
    // to it is the bytes every hop of ours must carry rather than our code.
    const first = sizes.concurrencies[0]!;
    const withPayload = await bestCeiling(first, sizes.ceiling, true);
    figures.push({ key: `ceiling.c${first}.post_2kb_requests_per_s`, label: `bare loopback req/s, 2 KB JSON POST echoed, concurrency ${first}`, value: withPayload.rate, unit: 'req/s' });
    return { figures, details: { method: 'GET / -> 200 {"status":"ok"}', payloadVariant: `POST / with ${PAYLOAD_BYTES} bytes of JSON, echoed back`, server: 'node:http, own process', client: 'undici Pool, one connection per worker', ...sizes.ceiling, samplesByConcurrency } };
  },
};
