// Our workload and the bare exchange measured in alternating short slices of one run, so both see the
// same machine: while one runs, the other is frozen (the workload's processes with SIGSTOP, the bare
// client paused between requests). Each slice reads every process's CPU from /proc; a pair of adjacent
// slices gives one sample of "what an exchange of ours costs against a bare one", which holds however
// busy the machine is, because other load changes how long things take much more than what they cost.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BareExchange } from './bare-exchange.ts';
import { cpuMsBetween, cpuNsOf, signalAll, waitStopped } from './process-cpu.ts';

/** Counts the lines appended to a file since the last call (the collector writes one per rollout, synchronously). */
export class LineCounter {
  readonly #path: string;
  #offset = 0;
  #lines = 0;
  readonly #buffer = Buffer.alloc(1 << 20);

  constructor(path: string) {
    this.#path = path;
  }

  /** Lines in the file now (0 while it does not exist). */
  count(): number {
    let fd: number;
    try {
      fd = openSync(this.#path, 'r');
    } catch {
      return this.#lines;
    }
    try {
      const size = fstatSync(fd).size;
      while (this.#offset < size) {
        const read = readSync(fd, this.#buffer, 0, Math.min(this.#buffer.length, size - this.#offset), this.#offset);
        if (read <= 0) break;
        for (let i = 0; i < read; i += 1) if (this.#buffer[i] === 10) this.#lines += 1;
        this.#offset += read;
      }
    } finally {
      closeSync(fd);
    }
    return this.#lines;
  }
}

export interface WorkloadSlice {
  ms: number;
  /** How much of each counter (rollouts, exchanges...) the slice did. */
  counts: Record<string, number>;
  /** CPU ms per process (pid) during the slice. */
  cpuMsByPid: Record<number, number>;
}

export interface CeilingSlice {
  ms: number;
  exchanges: number;
  clientCpuMs: number;
  serverCpuMs: number;
}

export interface SlicePair {
  workload: WorkloadSlice;
  ceiling: CeilingSlice;
}

export interface AlternationOptions {
  /** Every process of the workload (frozen together between its slices). */
  workloadPids: readonly number[];
  /** The workload's progress counters now (read while it is frozen). */
  counters: () => Record<string, number>;
  bare: BareExchange;
  workloadSliceMs: number;
  ceilingSliceMs: number;
  /** The bare exchange's first, unmeasured slice: every connection opened, the hot path compiled. */
  ceilingWarmupMs: number;
  /** No new slice once this returns true (the run is near its end, or has ended). */
  enough: (pairs: readonly SlicePair[]) => boolean;
  log: (line: string) => void;
}

/** Alternate slices until `enough`; the workload is left running, the bare client paused. The first pair
 * is a warm-up, not returned: after the long first freeze both sides start from an unusual state (the
 * bare client's JIT still settling, the workload's in-flight rollouts all stalled at once), and it was the
 * pair most often off its neighbours. */
export async function alternateSlices(options: AlternationOptions): Promise<SlicePair[]> {
  const pairs = await alternateAllSlices({ ...options, enough: (sofar) => options.enough(sofar.slice(1)) });
  return pairs.slice(1);
}

async function alternateAllSlices(options: AlternationOptions): Promise<SlicePair[]> {
  const { workloadPids, bare } = options;
  const pairs: SlicePair[] = [];
  let exchangesSoFar = await warmCeiling(bare, options);
  try {
    while (!options.enough(pairs)) {
      // Workload frozen: the bare exchange runs alone.
      signalAll(workloadPids, 'SIGSTOP');
      await waitStopped(workloadPids);
      const countsBefore = options.counters();
      const ceiling = await ceilingSlice(bare, options.ceilingSliceMs, exchangesSoFar);
      exchangesSoFar += ceiling.exchanges;
      // Bare exchange idle: the workload runs alone.
      const workload = await workloadSlice(workloadPids, options.workloadSliceMs);
      const countsAfter = options.counters();
      const counts = Object.fromEntries(Object.entries(countsAfter).map(([name, value]) => [name, value - (countsBefore[name] ?? 0)]));
      signalAll(workloadPids, 'SIGCONT');
      pairs.push({ ceiling, workload: { ms: workload.ms, counts, cpuMsByPid: Object.fromEntries(workload.cpuMs) } });
    }
  } finally {
    signalAll(workloadPids, 'SIGCONT');
  }
  return pairs;
}

/** The bare exchange alone for `ms` (its client paused before and after); `exchangesSoFar` is its count before. */
export async function ceilingSlice(bare: BareExchange, ms: number, exchangesSoFar: number): Promise<CeilingSlice> {
  const pids = [bare.clientPid, bare.serverPid];
  const before = cpuNsOf(pids);
  const start = performance.now();
  bare.run();
  await sleep(ms);
  const exchanges = await bare.pause();
  const elapsed = performance.now() - start;
  const cpu = cpuMsBetween(before, cpuNsOf(pids));
  return { ms: elapsed, exchanges: exchanges - exchangesSoFar, clientCpuMs: cpu.get(bare.clientPid)!, serverCpuMs: cpu.get(bare.serverPid)! };
}

/** Thaw frozen `pids` for `ms` and freeze them again: how long that took and the CPU ms each spent. */
export async function workloadSlice(pids: readonly number[], ms: number): Promise<{ ms: number; cpuMs: Map<number, number> }> {
  const before = cpuNsOf(pids);
  const start = performance.now();
  signalAll(pids, 'SIGCONT');
  await sleep(ms);
  signalAll(pids, 'SIGSTOP');
  await waitStopped(pids);
  return { ms: performance.now() - start, cpuMs: cpuMsBetween(before, cpuNsOf(pids)) };
}

/** A first, unmeasured slice of the bare exchange (connections, JIT), with the workload frozen. */
async function warmCeiling(bare: BareExchange, options: AlternationOptions): Promise<number> {
  signalAll(options.workloadPids, 'SIGSTOP');
  try {
    await waitStopped(options.workloadPids);
    bare.run();
    await sleep(options.ceilingWarmupMs);
    return await bare.pause();
  } finally {
    signalAll(options.workloadPids, 'SIGCONT');
  }
}
