// Preloaded into every Node process of a benchmark run (NODE_OPTIONS=--import=<this file>): counts the
// HTTP requests each process serves, per route, with timings, and writes them with the process's peak
// RSS to `$RG_BENCH_PROBE_DIR/<pid>.json` when the process ends. It observes through node:http's
// diagnostics channels, so no server code changes. What it does per request is CPU counted as the servers': in full
// mode (timings) it took 2.4% of all CPU in a CPU profile of the 5,000-in-flight scale run before it was made leaner.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { openSync, writeFileSync, writeSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ProbeReport, RouteStats } from './probe-report.ts';

const directory = process.env.RG_BENCH_PROBE_DIR;
// `count` mode only counts requests per route (no timing, no event-loop monitor, no per-response hook):
// for CPU measurements, where the probe must cost next to nothing.
const countOnly = process.env.RG_BENCH_PROBE_MODE === 'count';
if (directory) installProbe(directory);

function installProbe(directory: string): void {
  // Stats by method, then by path: two Map lookups and no string built per request (this runs on every request of
  // every process, inside the CPU being measured).
  const routesByMethod = new Map<string, Map<string, RouteStats>>();
  const statsOf = (request: IncomingMessage, at: number): RouteStats => {
    const method = request.method ?? 'GET';
    let routes = routesByMethod.get(method);
    if (routes === undefined) routesByMethod.set(method, (routes = new Map()));
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    let stats = routes.get(path);
    if (stats === undefined) {
      stats = { count: 0, totalMs: 0, finished: 0, status5xx: 0, status4xx: 0, firstStart: at, lastStart: at, lastFinish: 0, maxStartGapMs: 0 };
      routes.set(path, stats);
    }
    return stats;
  };
  // Request starts per 100 ms of each route (full mode), written into its stats as `startsPer100Ms`.
  const startTimelines = new Map<RouteStats, Map<number, number>>();
  // A blocked event loop delays every request in flight: the first suspect when latency is high.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  if (!countOnly) loopDelay.enable();
  // When the request started, and its stats, kept on the request itself: a WeakMap entry per request in flight is
  // more work for every garbage collection (thousands of entries at 5,000 rollouts in flight).
  const started = Symbol('rg-bench-probe');
  type ProbedRequest = IncomingMessage & { [started]?: { at: number; stats: RouteStats } };
  const now = () => performance.timeOrigin + performance.now();
  // In count mode, the POSTs served so far are also written every 10 ms to <pid>.live, where the benchmark
  // reads them while the process is frozen (SIGSTOP): its exchanges per slice, at most 10 ms stale.
  let postsServed = 0;
  if (countOnly) {
    const live = openSync(join(directory, `${process.pid}.live`), 'w');
    let written = -1;
    setInterval(() => {
      if (written === postsServed) return;
      written = postsServed;
      writeSync(live, String(postsServed).padStart(15), 0);
    }, 10).unref();
  }
  const cpuNow = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  // CPU spent before the first POST (served or sent) is startup; the rest is the work itself.
  let cpuAtFirstPost: number | undefined;
  if (!countOnly) {
    // Unsubscribed at the first POST: while subscribed, undici builds a message for every request it sends.
    const onRequestCreate = (message: unknown): void => {
      if ((message as { request: { method: string } }).request.method !== 'POST') return;
      cpuAtFirstPost ??= cpuNow();
      unsubscribe('undici:request:create', onRequestCreate);
    };
    subscribe('undici:request:create', onRequestCreate);
  }

  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: ProbedRequest };
    if (countOnly) {
      if (request.method === 'POST') {
        postsServed += 1;
        cpuAtFirstPost ??= cpuNow();
      }
      const stats = statsOf(request, 0);
      stats.count += 1;
      stats.finished += 1; // a run that ends cleanly answers every request it took
      return;
    }
    const at = now();
    if (cpuAtFirstPost === undefined && request.method === 'POST') cpuAtFirstPost = cpuNow();
    const stats = statsOf(request, at);
    request[started] = { at, stats };
    stats.count += 1;
    stats.maxStartGapMs = Math.max(stats.maxStartGapMs, at - stats.lastStart);
    stats.lastStart = at;
    let timeline = startTimelines.get(stats);
    if (timeline === undefined) startTimelines.set(stats, (timeline = new Map()));
    const bucket = Math.floor(at / 100);
    timeline.set(bucket, (timeline.get(bucket) ?? 0) + 1);
  });

  if (!countOnly) subscribe('http.server.response.finish', (message) => {
    const { request, response } = message as { request: ProbedRequest; response: ServerResponse };
    const start = request[started];
    if (start === undefined) return;
    const { stats } = start;
    const at = now();
    stats.finished += 1;
    stats.totalMs += at - start.at;
    stats.lastFinish = Math.max(stats.lastFinish, at);
    if (response.statusCode >= 500) stats.status5xx += 1;
    else if (response.statusCode >= 400) stats.status4xx += 1;
  });

  const write = () => {
    for (const [stats, timeline] of startTimelines) stats.startsPer100Ms = Object.fromEntries(timeline);
    const report: ProbeReport = {
      pid: process.pid,
      ppid: process.ppid,
      argv: process.argv.slice(1),
      serverName: process.env.NEMO_GYM_CONFIG_PATH ?? null,
      maxRssKb: process.resourceUsage().maxRSS,
      cpuMs: cpuNow(),
      eventLoopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
      cpuMsAfterFirstPost: cpuAtFirstPost === undefined ? 0 : cpuNow() - cpuAtFirstPost,
      routes: Object.fromEntries([...routesByMethod].flatMap(([method, routes]) => [...routes].map(([path, stats]) => [`${method} ${path}`, stats]))),
      writtenAt: now(),
    };
    try {
      writeFileSync(join(directory, `${process.pid}.json`), JSON.stringify(report));
    } catch {
      // The benchmark's directory is gone (it gave up on this run); nothing to report to.
    }
  };
  process.on('exit', write);

  // A process without its own handler dies of these signals without an 'exit' event: write first,
  // then let the signal do what it would have done. A process with its own handler exits its own way.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const onSignal = () => {
      write();
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
