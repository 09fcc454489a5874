// 2. Throughput: ng_e2e_collect_rollouts on the weather environment, openai_model in front of a
// zero-latency upstream double, at each concurrency, measured against the bare exchange in alternating
// slices of the same run (bench/lib/sliced-comparison.ts). The primary figure is CPU: what all our
// processes spend per HTTP exchange against what a bare exchange costs (client + server). The upstream is
// not ours: each call to it is charged what the bare server spends answering one exchange.
import { setTimeout as sleep } from 'node:timers/promises';
import { startBareExchange, type BareExchange } from '../lib/bare-exchange.ts';
import { failureOf, startE2eCollection } from '../lib/e2e-run.ts';
import type { BenchContext, Measurement, MeasurementOutcome } from '../lib/measurement.ts';
import type { Figure } from '../lib/report.ts';
import { summarizeTraffic } from '../lib/rollout-traffic.ts';
import { judgeSeries } from '../lib/sample-validity.ts';
import { alternateSlices, LineCounter, type SlicePair } from '../lib/sliced-comparison.ts';
import { sizesFor, type BenchSizes } from '../lib/sizes.ts';
import { median, round } from '../lib/stats.ts';
import { startUpstream } from '../lib/upstream.ts';
import { assertWorkloadExists, OPENAI_MODEL_CONFIG, policyOverrides, WEATHER_CONFIG, WEATHER_EXCHANGES_PER_ROLLOUT, weatherExampleRows } from '../lib/weather-setup.ts';
import { createProbeRun, livePostsServed, readProbeReports } from '../probe/probe-report.ts';

interface PairFigures {
  ourCpuUsPerExchange: number;
  bareCpuUsPerExchange: number;
  /** bare / ours: the target is >= 0.5. */
  cpuRatio: number;
  ourRequestsPerS: number;
  bareRequestsPerS: number;
  rateRatio: number;
}

async function measureAt(concurrency: number, sizes: BenchSizes['throughput'], log: (line: string) => void) {
  const probe = createProbeRun(`throughput-c${concurrency}`, 'count');
  try {
    const upstream = await startUpstream(0, probe.env);
    const bare = await startBareExchange(concurrency).catch(async (error: unknown) => {
      await upstream.stop();
      throw error;
    });
    let pairs: SlicePair[] = [];
    let run;
    try {
      const rollouts = await rolloutsToCollect(bare, concurrency, sizes, log);
      const collection = await startE2eCollection({
        configPaths: [WEATHER_CONFIG, OPENAI_MODEL_CONFIG],
        rollouts,
        exampleRows: weatherExampleRows().length,
        concurrency,
        overrides: policyOverrides(upstream.baseUrl),
        env: probe.env,
        timeoutMs: 900_000,
      });
      let ended = false;
      void collection.finished.finally(() => (ended = true));
      const lines = [new LineCounter(collection.rolloutsPath), new LineCounter(collection.failuresPath)];
      const done = () => lines[0]!.count() + lines[1]!.count();
      // Warm-up: every connection open and every hop JIT-compiled before the first slice.
      while (!ended && done() < sizes.warmupRollouts) await sleep(50);
      if (!ended) {
        const ourPids = collection.cli.processTree();
        // Exchanges are counted where they are served (each POST served is one exchange): unlike rollouts,
        // of which `concurrency` are half done at any moment, an exchange is done within a millisecond, so a
        // slice's count matches the CPU it spent.
        const counters = () => ({
          rollouts: done(),
          ourExchanges: ourPids.reduce((sum, pid) => sum + livePostsServed(probe.directory, pid), 0),
          upstreamExchanges: livePostsServed(probe.directory, upstream.pid),
        });
        pairs = await alternateSlices({
          workloadPids: [...ourPids, upstream.pid],
          counters,
          bare,
          workloadSliceMs: sizes.workloadSliceMs,
          ceilingSliceMs: sizes.ceilingSliceMs,
          ceilingWarmupMs: sizes.ceilingWarmupMs,
          log,
          // Stop before the run's tail, where fewer than `concurrency` rollouts are left in flight.
          enough: (sofar) => ended || sofar.length >= sizes.maxPairs || done() + 2 * concurrency + 1.5 * (sofar.at(-1)?.workload.counts.rollouts ?? concurrency) >= rollouts,
        });
      }
      run = await collection.finished;
    } finally {
      await Promise.all([upstream.stop(), bare.stop()]);
    }
    if (run.exitCode !== 0 || run.timedOut) throw failureOf(run, log);
    const reports = readProbeReports(probe.directory);
    const traffic = summarizeTraffic(reports, upstream.pid, run.collectorPid);
    const exchangesPerRollout = traffic.requestsPerRollout;
    const upstreamCallsPerRollout = traffic.upstreamCalls / traffic.rollouts;
    const nameOf = (pid: number) => (pid === upstream.pid ? 'upstream (not ours)' : pid === run.collectorPid ? 'collector' : (reports.find((r) => r.pid === pid)?.serverName ?? `pid ${pid}`));
    const samples: PairFigures[] = pairs.map(({ workload, ceiling }) => {
      const bareServerMsPerExchange = ceiling.serverCpuMs / ceiling.exchanges;
      const bareMsPerExchange = (ceiling.clientCpuMs + ceiling.serverCpuMs) / ceiling.exchanges;
      const oursMs = Object.entries(workload.cpuMsByPid).reduce((sum, [pid, ms]) => (Number(pid) === upstream.pid ? sum : sum + ms), 0);
      const { ourExchanges = 0, upstreamExchanges = 0 } = workload.counts;
      const exchanges = ourExchanges + upstreamExchanges;
      const ourMsPerExchange = (oursMs + upstreamExchanges * bareServerMsPerExchange) / exchanges;
      const ourRate = (exchanges * 1000) / workload.ms;
      const bareRate = (ceiling.exchanges * 1000) / ceiling.ms;
      return { ourCpuUsPerExchange: ourMsPerExchange * 1000, bareCpuUsPerExchange: bareMsPerExchange * 1000, cpuRatio: bareMsPerExchange / ourMsPerExchange, ourRequestsPerS: ourRate, bareRequestsPerS: bareRate, rateRatio: ourRate / bareRate };
    });
    // Where our CPU goes: ms per rollout by process, over all workload slices.
    const sliceRollouts = pairs.reduce((sum, pair) => sum + (pair.workload.counts.rollouts ?? 0), 0);
    const cpuMsPerRolloutByProcess: Record<string, number> = {};
    for (const pair of pairs) {
      for (const [pid, ms] of Object.entries(pair.workload.cpuMsByPid)) {
        const name = nameOf(Number(pid));
        cpuMsPerRolloutByProcess[name] = (cpuMsPerRolloutByProcess[name] ?? 0) + ms / sliceRollouts;
      }
    }
    for (const name of Object.keys(cpuMsPerRolloutByProcess)) cpuMsPerRolloutByProcess[name] = round(cpuMsPerRolloutByProcess[name]!, 3);
    return { run, traffic, samples, pairs, exchangesPerRollout, upstreamCallsPerRollout, cpuMsPerRolloutByProcess };
  } finally {
    probe.dispose();
  }
}

/** Enough rollouts for the warm-up and every slice even if ours ran at `rateRatioBound` of the bare
 * exchange's request rate, measured here in a slice of its own after a warm-up, and for the tail
 * the slices stop before (`enough` above). */
async function rolloutsToCollect(bare: BareExchange, concurrency: number, sizes: BenchSizes['throughput'], log: (line: string) => void): Promise<number> {
  bare.run();
  await sleep(sizes.ceilingWarmupMs);
  const warm = await bare.pause();
  // Measured warm: a cold bare exchange runs at well under half its speed (JIT), which sized runs too short.
  const start = performance.now();
  bare.run();
  await sleep(sizes.ceilingSliceMs);
  const bareRequestsPerS = (((await bare.pause()) - warm) * 1000) / (performance.now() - start);
  const fastestRolloutsPerS = (bareRequestsPerS * sizes.rateRatioBound) / WEATHER_EXCHANGES_PER_ROLLOUT;
  // The first pair is a warm-up, and the slices stop 1.5 slices and 2 x concurrency before the end.
  const sliceRollouts = (fastestRolloutsPerS * sizes.workloadSliceMs) / 1000;
  const needed = sizes.warmupRollouts + (sizes.maxPairs + 1 + 1.5) * sliceRollouts + 2 * concurrency;
  const rollouts = Math.max(sizes.minRollouts, Math.ceil(needed / 1000) * 1000);
  log(`concurrency ${concurrency}: bare exchange ${Math.round(bareRequestsPerS)} req/s, so ${rollouts} rollouts to collect`);
  return rollouts;
}

export const throughput: Measurement = {
  name: 'throughput',
  title: '2. throughput',
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    assertWorkloadExists();
    const sizes = sizesFor(context.quick);
    const figures: Figure[] = [];
    const details: Record<string, unknown> = {
      method: `ceiling and workload alternate in slices of ${sizes.throughput.ceilingSliceMs} / ${sizes.throughput.workloadSliceMs} ms within one run (the workload frozen with SIGSTOP while the bare exchange runs); CPU of every process from /proc/<pid>/task/*/schedstat; each upstream call charged the bare server's CPU per exchange`,
    };
    for (const concurrency of sizes.concurrencies) {
      // An invalid measurement is measured again (never passed off as valid): the last attempt is reported,
      // and the details keep why each earlier one could not be trusted.
      const judgeCpu = (samples: PairFigures[]) => judgeSeries(samples.map((s) => s.cpuRatio), { minSamples: sizes.throughput.minPairs, neighbourTolerance: sizes.throughput.neighbourTolerance, max: 1 });
      const rejected: string[] = [];
      let m = await measureAt(concurrency, sizes.throughput, context.log);
      let cpu = judgeCpu(m.samples);
      while (cpu.invalid !== undefined && rejected.length + 1 < sizes.throughput.attempts) {
        rejected.push(cpu.invalid);
        context.log(`concurrency ${concurrency}: attempt ${rejected.length} invalid (${cpu.invalid}); measuring again`);
        m = await measureAt(concurrency, sizes.throughput, context.log);
        cpu = judgeCpu(m.samples);
      }
      // The rate ratio is informative only: on a busy machine our five processes get a larger share of the
      // cores than the bare exchange's two, so it may even pass 1 (then it is shown as invalid).
      const rate = judgeSeries(m.samples.map((s) => s.rateRatio), { minSamples: 1, neighbourTolerance: Infinity, max: 1 });
      const ours = median(m.samples.map((s) => s.ourCpuUsPerExchange));
      const bare = median(m.samples.map((s) => s.bareCpuUsPerExchange));
      context.log(`concurrency ${concurrency}: ${m.samples.length} slice pairs, our CPU per exchange ${round(ours, 1)} µs vs bare ${round(bare, 1)} µs: ratio ${round(cpu.median, 3)}${cpu.invalid ? ` INVALID (${cpu.invalid})` : ''}; rate ratio ${round(rate.median, 3)}`);
      const c = `c${concurrency}`;
      figures.push(
        { key: `throughput.${c}.cpu_ratio_to_ceiling`, label: `bare exchange CPU / our CPU per exchange, concurrency ${concurrency}`, value: cpu.median, unit: '', target: { op: '>=', value: 0.5 }, ...(cpu.invalid ? { invalid: cpu.invalid } : {}) },
        { key: `throughput.${c}.cpu_us_per_request`, label: `our CPU per HTTP exchange (all processes), concurrency ${concurrency}`, value: ours, unit: 'µs' },
        { key: `throughput.${c}.ceiling_cpu_us_per_request`, label: `bare exchange CPU (client + server), concurrency ${concurrency}`, value: bare, unit: 'µs' },
        { key: `throughput.${c}.ratio_to_ceiling`, label: `our req/s / bare req/s in adjacent slices, concurrency ${concurrency}`, value: rate.median, unit: '', ...(rate.invalid ? { invalid: rate.invalid } : {}) },
        { key: `throughput.${c}.rollouts_per_s`, label: `rollouts/s in workload slices, concurrency ${concurrency}`, value: median(m.samples.map((s) => s.ourRequestsPerS)) / m.exchangesPerRollout, unit: 'rollouts/s' },
        { key: `throughput.${c}.requests_per_rollout`, label: `HTTP requests per rollout, concurrency ${concurrency}`, value: m.exchangesPerRollout, unit: 'req' },
        { key: `throughput.${c}.failed_rollouts`, label: `failed rollouts, concurrency ${concurrency}`, value: m.run.failureLines, unit: '', target: { op: '<', value: 1 } },
      );
      details[c] = {
        command: m.run.command,
        invalidEarlierAttempts: rejected,
        wallMs: round(m.run.wallMs, 0),
        rolloutLines: m.run.rolloutLines,
        failureLines: m.run.failureLines,
        firstFailure: m.run.firstFailure,
        exchangesPerRollout: m.exchangesPerRollout,
        upstreamCallsPerRollout: m.upstreamCallsPerRollout,
        cpuMsPerRolloutByProcess: m.cpuMsPerRolloutByProcess,
        samples: m.samples.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v, 3)]))),
        invalidSamples: cpu.invalidSamples,
        slices: m.pairs.map((p) => ({ ceilingMs: round(p.ceiling.ms, 0), bareExchanges: p.ceiling.exchanges, workloadMs: round(p.workload.ms, 0), ...p.workload.counts })),
        routes: m.traffic.routes.map((r) => ({ server: r.server, route: r.route, perRollout: round(r.perRollout, 3) })),
      };
    }
    return { figures, details };
  },
};
