// What the probe reports of one collection run say about its traffic: rollouts, the collection
// window, every HTTP request the rollouts caused (per server and route), and the upstream's share.
import type { ProbeReport, RouteStats } from '../probe/probe-report.ts';

export interface RouteCount {
  /** Server top-level name, or "upstream", or "pid <n>". */
  server: string;
  route: string;
  count: number;
  perRollout: number;
  meanMs: number;
}

export interface RolloutTraffic {
  /** `POST /run` answered by the agent(s). */
  rollouts: number;
  /** First `/run` start to last `/run` end: the collection itself, without startup and teardown. */
  windowMs: number;
  /** Every POST any process served for the rollouts (aggregate_metrics and health checks excluded). */
  requests: number;
  requestsPerRollout: number;
  upstreamCalls: number;
  /** Mean time the upstream took per call, measured inside the upstream process. */
  upstreamMeanMs: number;
  /** 5xx answers by any server: a rollout that failed somewhere. */
  serverErrors: number;
  /** Longest time between two `/run` starts: how long admission of new rollouts ever paused. */
  maxRunStartGapMs: number;
  /** Mean time from a `/run` start to its answer: one rollout's time, waits in every hop included. */
  runMeanMs: number;
  /**
   * From the first `/run` start to the 100 ms in which the `n`-th started (a run's first round admitted, when `n`
   * is its rollouts in flight); undefined when fewer started or the reports have no start timeline.
   */
  admissionMsOf(n: number): number | undefined;
  routes: RouteCount[];
  /** CPU ms each process spent per rollout, counted from its first POST (startup excluded). */
  cpuMsPerRolloutByProcess: Record<string, number>;
  /** Peak RSS of each process (MB): a server whose memory grows with the rollouts shows up here. */
  peakRssMbByProcess: Record<string, number>;
  /** p99 and max event-loop delay of each process beyond its 10 ms sampling timer (ms). */
  eventLoopDelayMsByProcess: Record<string, { p99: number; max: number }>;
}

const NOT_ROLLOUT_TRAFFIC = new Set(['POST /aggregate_metrics']);

/** Sum the reports; `upstreamPid` names the upstream double's process (its routes count as upstream calls), `collectorPid` the collector's. */
export function summarizeTraffic(reports: readonly ProbeReport[], upstreamPid?: number, collectorPid?: number): RolloutTraffic {
  const rows: { server: string; route: string; stats: RouteStats }[] = [];
  for (const report of reports) {
    const server = report.pid === upstreamPid ? 'upstream' : (report.serverName ?? `pid ${report.pid}`);
    for (const [route, stats] of Object.entries(report.routes)) {
      if (route.startsWith('POST ') && !NOT_ROLLOUT_TRAFFIC.has(route)) rows.push({ server, route, stats });
    }
  }
  const runs = rows.filter((row) => row.route === 'POST /run' && row.server !== 'upstream');
  const rollouts = runs.reduce((sum, row) => sum + row.stats.finished, 0);
  const windowStart = Math.min(...runs.map((row) => row.stats.firstStart));
  const windowEnd = Math.max(...runs.map((row) => row.stats.lastFinish));
  const runStartsPer100Ms = new Map<number, number>();
  for (const row of runs) {
    for (const [bucket, starts] of Object.entries(row.stats.startsPer100Ms ?? {})) runStartsPer100Ms.set(Number(bucket), (runStartsPer100Ms.get(Number(bucket)) ?? 0) + starts);
  }
  const requests = rows.reduce((sum, row) => sum + row.stats.count, 0);
  const upstream = rows.filter((row) => row.server === 'upstream');
  const upstreamCalls = upstream.reduce((sum, row) => sum + row.stats.count, 0);
  const upstreamFinished = upstream.reduce((sum, row) => sum + row.stats.finished, 0);
  const upstreamMs = upstream.reduce((sum, row) => sum + row.stats.totalMs, 0);
  const cpuMsPerRolloutByProcess: Record<string, number> = {};
  const peakRssMbByProcess: Record<string, number> = {};
  const eventLoopDelayMsByProcess: Record<string, { p99: number; max: number }> = {};
  for (const report of reports) {
    if (!report.argv[0]?.endsWith('child-guard.ts')) {
      const name = report.pid === upstreamPid ? 'upstream' : report.pid === collectorPid ? 'collector' : (report.serverName ?? `pid ${report.pid}`);
      peakRssMbByProcess[name] = Math.round(report.maxRssKb / 102.4) / 10;
      const delay = report.eventLoopDelayMs;
      if (delay) eventLoopDelayMsByProcess[name] = { p99: Math.round((delay.p99 - 10) * 10) / 10, max: Math.round((delay.max - 10) * 10) / 10 };
    }
    if (report.cpuMsAfterFirstPost === undefined || rollouts === 0 || report.cpuMsAfterFirstPost === 0) continue;
    const isGuard = report.argv[0]?.endsWith('child-guard.ts') ?? false;
    const name = report.pid === upstreamPid ? 'upstream' : report.pid === collectorPid ? 'collector' : `${report.serverName ?? `pid ${report.pid}`}${isGuard ? ' (guard)' : ''}`;
    cpuMsPerRolloutByProcess[name] = Math.round(((cpuMsPerRolloutByProcess[name] ?? 0) + report.cpuMsAfterFirstPost / rollouts) * 1000) / 1000;
  }
  return {
    cpuMsPerRolloutByProcess,
    peakRssMbByProcess,
    eventLoopDelayMsByProcess,
    rollouts,
    windowMs: runs.length > 0 ? windowEnd - windowStart : 0,
    requests,
    requestsPerRollout: rollouts > 0 ? requests / rollouts : Number.NaN,
    upstreamCalls,
    upstreamMeanMs: upstreamFinished > 0 ? upstreamMs / upstreamFinished : Number.NaN,
    serverErrors: rows.reduce((sum, row) => sum + row.stats.status5xx, 0),
    maxRunStartGapMs: Math.max(0, ...runs.map((row) => row.stats.maxStartGapMs)),
    runMeanMs: rollouts > 0 ? runs.reduce((sum, row) => sum + row.stats.totalMs, 0) / rollouts : Number.NaN,
    admissionMsOf: (n) => admissionMs(runStartsPer100Ms, windowStart, n),
    routes: rows
      .map(({ server, route, stats }) => ({
        server,
        route,
        count: stats.count,
        perRollout: rollouts > 0 ? stats.count / rollouts : Number.NaN,
        meanMs: stats.finished > 0 ? stats.totalMs / stats.finished : Number.NaN,
      }))
      .sort((a, b) => a.server.localeCompare(b.server) || a.route.localeCompare(b.route)),
  };
}

/** Time from `firstStart` to the end of the 100 ms bucket in which the starts counted in `startsPer100Ms` reach `n`. */
function admissionMs(startsPer100Ms: ReadonlyMap<number, number>, firstStart: number, n: number): number | undefined {
  let started = 0;
  for (const bucket of [...startsPer100Ms.keys()].sort((a, b) => a - b)) {
    started += startsPer100Ms.get(bucket)!;
    if (started >= n) return (bucket + 1) * 100 - firstStart;
  }
  return undefined;
}
