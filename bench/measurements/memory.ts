// 5. Memory: the collector's peak RSS over a small and a 100 times larger collection (weather, offline model, so
// the long run is as fast as it can be), metrics included. A collector that streams (reads lazily, writes as it
// goes, bounded window, metrics sorted on disk past a memory limit) peaks at the same height for both. The
// details say how long each run took and how much temp disk the metrics used at most.
import { collectorReport, failureOf, runE2eCollection } from '../lib/e2e-run.ts';
import type { BenchContext, Measurement, MeasurementOutcome } from '../lib/measurement.ts';
import { summarizeTraffic } from '../lib/rollout-traffic.ts';
import { sizesFor } from '../lib/sizes.ts';
import { perSecond, round } from '../lib/stats.ts';
import { assertWorkloadExists, OFFLINE_MODEL_CONFIG, WEATHER_CONFIG, weatherExampleRows } from '../lib/weather-setup.ts';
import { createProbeRun, readProbeReports } from '../probe/probe-report.ts';

/** A run may take this long per rollout (a loaded 2-core machine does ~300/s), and never less than an hour. */
const TIMEOUT_MS_PER_ROLLOUT = 10;

/** `name: N` from the collector's `+report_peak_rss=true` lines. */
function reported(output: string, name: string): number | undefined {
  const match = new RegExp(`^${name}: (\\d+)$`, 'm').exec(output);
  return match ? Number(match[1]) : undefined;
}

/** Collect `rollouts` with the offline model; returns the collector's peak RSS in MB. */
async function collectorPeakMb(rollouts: number, concurrency: number, context: BenchContext): Promise<{ peakMb: number; details: Record<string, unknown> }> {
  const probe = createProbeRun(`memory-${rollouts}`);
  try {
    const run = await runE2eCollection({
      configPaths: [WEATHER_CONFIG, OFFLINE_MODEL_CONFIG],
      rollouts,
      exampleRows: weatherExampleRows().length,
      concurrency,
      overrides: ['+report_peak_rss=true'],
      env: probe.env,
      timeoutMs: Math.max(3_600_000, rollouts * TIMEOUT_MS_PER_ROLLOUT),
    });
    if (run.exitCode !== 0) throw failureOf(run, context.log);
    const reports = readProbeReports(probe.directory);
    const collector = collectorReport(reports, run.collectorPid);
    if (!collector) throw new Error(`the collector (pid ${run.collectorPid}) wrote no probe report`);
    const traffic = summarizeTraffic(reports, undefined, run.collectorPid);
    const peakMb = collector.maxRssKb / 1024;
    const spillMb = (reported(run.outputTail, 'peak_spill_bytes') ?? Number.NaN) / 2 ** 20;
    const rate = perSecond(traffic.rollouts, traffic.windowMs);
    context.log(`${run.rolloutLines} rollouts: collector peak RSS ${round(peakMb, 1)} MB, temp disk at most ${round(spillMb, 1)} MB, ${round(run.wallMs / 1000, 0)} s (${round(rate, 0)} rollouts/s)`);
    return {
      peakMb,
      details: {
        command: run.command,
        rolloutLines: run.rolloutLines,
        failureLines: run.failureLines,
        collectorPeakRssMb: round(peakMb, 1),
        collectorPeakSpillMb: round(spillMb, 1),
        rolloutsPerS: round(rate, 1),
        wallS: round(run.wallMs / 1000, 1),
        peakRssMbByProcess: traffic.peakRssMbByProcess,
      },
    };
  } finally {
    probe.dispose();
  }
}

export const memory: Measurement = {
  name: 'memory',
  title: '5. memory',
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    assertWorkloadExists();
    const sizes = sizesFor(context.quick);
    const [small, large] = sizes.memoryRollouts;
    const first = await collectorPeakMb(small, sizes.memoryConcurrency, context);
    const second = await collectorPeakMb(large, sizes.memoryConcurrency, context);
    const label = (n: number) => n.toLocaleString('en-US');
    return {
      figures: [
        { key: `memory.peak_rss_mb_${small}`, label: `collector peak RSS, ${label(small)} rollouts`, value: first.peakMb, unit: 'MB' },
        { key: `memory.peak_rss_mb_${large}`, label: `collector peak RSS, ${label(large)} rollouts`, value: second.peakMb, unit: 'MB' },
        { key: 'memory.growth_percent', label: `peak RSS difference, ${label(small)} -> ${label(large)}`, value: (Math.abs(second.peakMb - first.peakMb) / Math.min(first.peakMb, second.peakMb)) * 100, unit: '%', target: { op: '<', value: 10 } },
      ],
      details: { concurrency: sizes.memoryConcurrency, [String(small)]: first.details, [String(large)]: second.details },
    };
  },
};
