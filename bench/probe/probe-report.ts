// The probe's per-process reports: their shape, where they go, and sums over the processes of a run.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface RouteStats {
  count: number;
  finished: number;
  /** Sum over finished requests of (response finished - request started), in ms. */
  totalMs: number;
  status4xx: number;
  status5xx: number;
  /** Epoch ms (fractional) of the first and last request start and the last response end. */
  firstStart: number;
  lastStart: number;
  lastFinish: number;
  /** Longest time between two consecutive request starts: a stall shows up here. */
  maxStartGapMs: number;
  /** Request starts per 100 ms, keyed by epoch ms / 100 (full mode): how fast a run's first round was admitted. */
  startsPer100Ms?: Record<string, number>;
}

export interface ProbeReport {
  pid: number;
  ppid: number;
  argv: string[];
  /** NEMO_GYM_CONFIG_PATH: the server's top-level name; null for the orchestrator and fixtures. */
  serverName: string | null;
  maxRssKb: number;
  /** User + system CPU time over the whole life of the process. */
  cpuMs: number;
  /** CPU time from the first POST the process served or sent to its end: its work without its startup. */
  cpuMsAfterFirstPost: number;
  /** Event-loop delay over the process's life (10 ms sampling): how long work waited to run. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  routes: Record<string, RouteStats>;
  writtenAt: number;
}

const probeUrl = pathToFileURL(join(import.meta.dirname, 'http-probe.ts')).href;

/** A fresh directory for one run's reports and the environment that makes Node processes report there.
 * With RG_BENCH_CPU_PROF_DIR set (`--cpu-prof`), every process also writes a V8 CPU profile under it. */
export function createProbeRun(label: string, mode: 'full' | 'count' = 'full'): { directory: string; env: Record<string, string>; dispose: () => void } {
  const directory = mkdtempSync(join(tmpdir(), `rg-bench-${label}-`));
  const inherited = process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : '';
  const profileRoot = process.env.RG_BENCH_CPU_PROF_DIR;
  const profiling = profileRoot ? ` --cpu-prof --cpu-prof-dir=${join(profileRoot, label)}` : '';
  return {
    directory,
    env: { RG_BENCH_PROBE_DIR: directory, RG_BENCH_PROBE_MODE: mode, NODE_OPTIONS: `${inherited}--import=${probeUrl}${profiling}` },
    dispose: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** POSTs served so far by the process `pid` of a count-mode run (0 before its first), as of its last 10 ms tick. */
export function livePostsServed(directory: string, pid: number): number {
  try {
    return Number(readFileSync(join(directory, `${pid}.live`), 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

/** Every report written in `directory` so far. */
export function readProbeReports(directory: string): ProbeReport[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(directory, name), 'utf8')) as ProbeReport);
}

export interface RouteTotal {
  route: string;
  /** Which processes served it (server names, or "pid <n>"). */
  servedBy: string[];
  stats: RouteStats;
}

/** Sum each route over all processes (e.g. `POST /v1/responses` is served by the agent and the model). */
export function totalsByRoute(reports: readonly ProbeReport[]): Map<string, RouteTotal> {
  const totals = new Map<string, RouteTotal>();
  for (const report of reports) {
    for (const [route, stats] of Object.entries(report.routes)) {
      const who = report.serverName ?? `pid ${report.pid}`;
      const total = totals.get(route);
      if (!total) {
        totals.set(route, { route, servedBy: [who], stats: { ...stats } });
        continue;
      }
      total.servedBy.push(who);
      const sum = total.stats;
      sum.maxStartGapMs = Math.max(sum.maxStartGapMs, stats.maxStartGapMs);
      sum.count += stats.count;
      sum.finished += stats.finished;
      sum.totalMs += stats.totalMs;
      sum.status4xx += stats.status4xx;
      sum.status5xx += stats.status5xx;
      sum.firstStart = Math.min(sum.firstStart, stats.firstStart);
      sum.lastStart = Math.max(sum.lastStart, stats.lastStart);
      sum.lastFinish = Math.max(sum.lastFinish, stats.lastFinish);
    }
  }
  return totals;
}
