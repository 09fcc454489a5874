// 4. Scale of concurrency: thousands of rollouts in flight against a slow upstream. The upstream's
// latency bounds throughput at in-flight / (upstream seconds per rollout); we must reach 90% of it,
// with no stall and no failed rollout, within the machine's file-descriptor limit. The case with that target is run
// through the bare topology too (bench/lib/bare-topology.ts, its pools as wide as our connections): the share of the
// bound five processes and 8 exchanges reach on this machine with nothing of ours in them.
import { join } from 'node:path';
import { connectionsPerOrigin } from '../../src/kit/connection-budget.ts';
import { startBareTopology } from '../lib/bare-topology.ts';
import { fdLimitsOf } from '../lib/environment.ts';
import { failureOf, runE2eCollection } from '../lib/e2e-run.ts';
import type { BenchContext, Measurement, MeasurementOutcome } from '../lib/measurement.ts';
import { summarizeTraffic } from '../lib/rollout-traffic.ts';
import { sizesFor, type ScaleCase } from '../lib/sizes.ts';
import { perSecond, round } from '../lib/stats.ts';
import { startUpstream } from '../lib/upstream.ts';
import { assertWorkloadExists, OPENAI_MODEL_CONFIG, policyOverrides, WEATHER_CONFIG, weatherExampleRows } from '../lib/weather-setup.ts';
import { createProbeRun, readProbeReports } from '../probe/probe-report.ts';

export const scale: Measurement = {
  name: 'scale',
  title: '4. scale',
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    assertWorkloadExists();
    const figures: MeasurementOutcome['figures'] = [];
    const details: Record<string, unknown> = {};
    for (const scaleCase of sizesFor(context.quick).scale) {
      const outcome = await runCase(scaleCase, context);
      figures.push(...outcome.figures);
      details[`inFlight${scaleCase.inFlight}`] = outcome.details;
    }
    return { figures, details };
  },
};

async function runCase(scaleCase: ScaleCase, context: BenchContext): Promise<MeasurementOutcome> {
  {
    const { inFlight, rollouts, upstreamDelayMs, boundTarget } = scaleCase;
    // Weather rollouts make two model calls; the real count is taken from the run below.
    // Past the descriptor budget calls wait for a connection (kit/connection-budget.ts): the time allowed
    // follows the connections that can really be open.
    const slots = Math.min(inFlight, connectionsPerOrigin() ?? inFlight);
    const idealSeconds = rollouts / (slots / ((2 * upstreamDelayMs) / 1000));
    // Key prefix: the case with a throughput target keeps the keys of earlier results files.
    const k = boundTarget !== undefined ? 'scale' : `scale.f${inFlight}`;
    const probe = createProbeRun('scale');
    try {
      const upstream = await startUpstream(upstreamDelayMs, probe.env);
      let run;
      try {
        run = await runE2eCollection({
          configPaths: [WEATHER_CONFIG, OPENAI_MODEL_CONFIG],
          rollouts,
          exampleRows: weatherExampleRows().length,
          concurrency: inFlight,
          overrides: policyOverrides(upstream.baseUrl),
          env: probe.env,
          timeoutMs: Math.round(idealSeconds * 4 * 1000 + 120_000),
        });
      } finally {
        await upstream.stop();
      }
      const reports = readProbeReports(probe.directory);
      const traffic = summarizeTraffic(reports, upstream.pid, run.collectorPid);
      const nameOf = (pid: number) => (pid === run.collectorPid ? 'collector' : (reports.find((r) => r.pid === pid)?.serverName ?? `pid ${pid}`));
      const callsPerRollout = traffic.rollouts > 0 ? traffic.upstreamCalls / traffic.rollouts : Number.NaN;
      const upstreamSecondsPerRollout = (callsPerRollout * upstreamDelayMs) / 1000;
      const bound = inFlight / upstreamSecondsPerRollout;
      const rate = perSecond(traffic.rollouts, traffic.windowMs);
      const failed = run.failureLines + traffic.serverErrors + (run.exitCode === 0 ? 0 : 1);
      // Where the fraction goes: the first round's admission (nothing finishes before it has been in flight for a
      // whole rollout) and the time each rollout takes beyond the upstream's (its share of the hops' work and waits).
      const admissionMs = traffic.admissionMsOf(slots);
      context.log(`${traffic.rollouts} rollouts, ${inFlight} in flight, ${upstreamDelayMs} ms/call: ${round(rate, 1)} rollouts/s of ${round(bound, 1)} possible; exit ${run.exitCode}${run.timedOut ? ' (timed out)' : ''}`);
      context.log(`first round admitted in ${admissionMs === undefined ? '?' : round(admissionMs / 1000, 1)} s; mean rollout ${round(traffic.runMeanMs / 1000, 2)} s for ${upstreamSecondsPerRollout} s upstream`);
      if (run.timedOut) {
        context.log(`stalled: not finished within ${round(idealSeconds * 4 + 120, 0)} s (ideal ${round(idealSeconds, 0)} s)`);
        throw failureOf(run, context.log);
      }
      if (run.exitCode !== 0 && traffic.rollouts === 0) throw failureOf(run, context.log);
      const bareFraction = boundTarget === undefined ? undefined : await bareTopologyFraction(scaleCase, slots, callsPerRollout, idealSeconds * 4 * 1000 + 120_000);
      if (bareFraction !== undefined) context.log(`the bare topology, same rollouts and ${slots.toLocaleString('en-US')} connections per hop: ${round(bareFraction, 2)} of the upstream bound`);
      return {
        figures: [
          { key: `${k}.rollouts_per_s`, label: `rollouts/s, ${inFlight.toLocaleString('en-US')} in flight, ${upstreamDelayMs / 1000} s/call`, value: rate, unit: 'rollouts/s' },
          {
            key: `${k}.fraction_of_upstream_bound`,
            label: `rollouts/s / (in flight / upstream s per rollout), ${inFlight.toLocaleString('en-US')} in flight`,
            value: rate / bound,
            unit: '',
            ...(boundTarget === undefined ? {} : { target: { op: '>=' as const, value: boundTarget } }),
          },
          ...(bareFraction === undefined
            ? []
            : [{ key: `${k}.bare_topology_fraction_of_upstream_bound`, label: `the same, bare topology (nothing of ours: the floor here), ${inFlight.toLocaleString('en-US')} in flight`, value: bareFraction, unit: '' }]),
          { key: `${k}.longest_admission_pause_s`, label: `longest pause between rollout starts, ${inFlight.toLocaleString('en-US')} in flight`, value: traffic.maxRunStartGapMs / 1000, unit: 's', target: { op: '<', value: upstreamSecondsPerRollout * 1.5 } },
          ...(admissionMs === undefined
            ? []
            : [{ key: `${k}.first_round_admitted_s`, label: `first /run start to the ${slots.toLocaleString('en-US')}th (${slots === inFlight ? 'every slot filled' : 'every connection busy'}), ${inFlight.toLocaleString('en-US')} in flight`, value: admissionMs / 1000, unit: 's' }]),
          { key: `${k}.mean_rollout_s`, label: `mean rollout time, ${inFlight.toLocaleString('en-US')} in flight (upstream ${upstreamSecondsPerRollout} s)`, value: traffic.runMeanMs / 1000, unit: 's' },
          {
            key: `${k}.upstream_share_of_rollout_time`,
            label: `upstream s per rollout / mean rollout time (the fraction if every slot were always busy), ${inFlight.toLocaleString('en-US')} in flight`,
            value: upstreamSecondsPerRollout / (traffic.runMeanMs / 1000),
            unit: '',
          },
          { key: `${k}.failed`, label: `failed rollouts + 5xx answers + bad exit, ${inFlight.toLocaleString('en-US')} in flight`, value: failed, unit: '', target: { op: '<', value: 1 } },
        ],
        details: {
          command: run.command,
          inFlight,
          rollouts: traffic.rollouts,
          rolloutLines: run.rolloutLines,
          failureLines: run.failureLines,
          firstFailure: run.firstFailure,
          exitCode: run.exitCode,
          upstreamCallsPerRollout: callsPerRollout,
          upstreamMeanMs: round(traffic.upstreamMeanMs, 2),
          windowS: round(traffic.windowMs / 1000, 2),
          cpuMsPerRolloutByProcess: traffic.cpuMsPerRolloutByProcess,
          peakRssMbByProcess: traffic.peakRssMbByProcess,
          wallS: round(run.wallMs / 1000, 2),
          // Node raises its soft RLIMIT_NOFILE to the hard limit at startup, so each process may use up to `hard`.
          fileDescriptorLimit: fdLimitsOf(),
          peakFileDescriptorsByProcess: run.peaks.filter((peak) => peak.maxFds > 0).sort((a, b) => b.maxFds - a.maxFds).map((peak) => ({ process: nameOf(peak.pid), ...peak })),
        },
      };
    } finally {
      probe.dispose();
    }
  }
}

/** The case's fraction of the upstream bound for the bare topology: its collector keeps `slots` rollouts in flight
 * until `rollouts` have been written, counted from the probe's reports as ours are. Its rollouts make the upstream
 * calls ours do (`callsPerRollout`); the upstream's own count would include the calls of rollouts cut off by the stop. */
async function bareTopologyFraction(scaleCase: ScaleCase, slots: number, callsPerRollout: number, timeoutMs: number): Promise<number> {
  const probe = createProbeRun('scale-bare');
  try {
    const topology = await startBareTopology({ upstreamDelayMs: scaleCase.upstreamDelayMs, connections: slots, env: probe.env });
    let collectorPid: number;
    try {
      const collector = topology.startCollector(slots, join(probe.directory, 'rollouts.jsonl'));
      collectorPid = collector.pid;
      await collector.waitForLines(scaleCase.rollouts, timeoutMs);
    } finally {
      await topology.stop();
    }
    const traffic = summarizeTraffic(readProbeReports(probe.directory), topology.upstreamPid, collectorPid);
    const upstreamSecondsPerRollout = (callsPerRollout * scaleCase.upstreamDelayMs) / 1000;
    return perSecond(traffic.rollouts, traffic.windowMs) / (slots / upstreamSecondsPerRollout);
  } finally {
    probe.dispose();
  }
}
