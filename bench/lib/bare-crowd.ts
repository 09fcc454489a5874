// The bare exchange run as several pairs at once: what sharing two cores among as many busy processes as a
// collection runs costs the simplest exchange itself. A weather collection keeps five processes busy (collector,
// agent, model server, resources server, upstream double) where the ceiling keeps two; the throughput figure
// compares the two, so this tells how much of its gap is the machine's rather than our code's.
import { setTimeout as sleep } from 'node:timers/promises';
import { alternateSlices, type SliceSizes } from './alternating-slices.ts';
import { startBareExchange, type BareExchange } from './bare-exchange.ts';
import { cpuMsBetween, cpuNsOf } from './process-cpu.ts';
import { median } from './stats.ts';

export interface CrowdFigures {
  /** Pairs running at once -> median CPU (client + server) per exchange, µs. */
  cpuUsPerExchange: Record<number, number>;
  /** Median over rounds of (one pair's CPU per exchange / `pairs` pairs' CPU per exchange), for each crowd size. */
  onePairOver: Record<number, number>;
  /** Every round's CPU µs per exchange by crowd size, for the details. */
  rounds: Record<number, number>[];
}

/**
 * Runs 1, 2, ... `maxPairs` bare pairs at once, `concurrency` requests in flight in all (split between the pairs), in
 * alternating slices of one run so that each crowd size sees the same machine; CPU from /proc as for our processes.
 */
export async function measureBareCrowds(concurrency: number, maxPairs: number, sizes: SliceSizes): Promise<CrowdFigures> {
  const started: BareExchange[] = [];
  try {
    const crowds: Crowd[] = [];
    for (let size = 1; size <= maxPairs; size++) {
      const crowd: Crowd = { pairs: [], completed: new Map() };
      for (let i = 0; i < size; i++) {
        const pair = await startBareExchange(Math.max(1, Math.round(concurrency / size)));
        started.push(pair);
        crowd.pairs.push(pair);
        crowd.completed.set(pair, 0);
      }
      crowds.push(crowd);
    }
    // samples[size - 1][round]: µs per exchange of `size` pairs at once in that round.
    const samples = await alternateSlices(crowds, sizes, slice);
    const cpuUsPerExchange: Record<number, number> = {};
    const onePairOver: Record<number, number> = {};
    samples.forEach((costs, i) => {
      cpuUsPerExchange[i + 1] = median(costs);
      onePairOver[i + 1] = median(costs.map((cost, round) => samples[0]![round]! / cost));
    });
    const rounds = samples[0]!.map((_, round) => Object.fromEntries(samples.map((costs, i) => [i + 1, costs[round]!])));
    return { cpuUsPerExchange, onePairOver, rounds };
  } finally {
    await Promise.all(started.map((pair) => pair.stop()));
  }
}

interface Crowd {
  pairs: BareExchange[];
  /** Exchanges each pair had completed at its last pause (a pair counts from its start). */
  completed: Map<BareExchange, number>;
}

/** Runs every pair of `crowd` for `ms`; CPU µs (clients + servers) per exchange completed. */
async function slice(crowd: Crowd, ms: number): Promise<number> {
  const pids = crowd.pairs.flatMap((pair) => [pair.serverPid, pair.clientPid]);
  const before = cpuNsOf(pids);
  for (const pair of crowd.pairs) pair.run();
  await sleep(ms);
  const totals = await Promise.all(crowd.pairs.map((pair) => pair.pause()));
  let exchanges = 0;
  crowd.pairs.forEach((pair, i) => {
    exchanges += totals[i]! - crowd.completed.get(pair)!;
    crowd.completed.set(pair, totals[i]!);
  });
  const cpuMs = [...cpuMsBetween(before, cpuNsOf(pids)).values()].reduce((sum, spent) => sum + spent, 0);
  return (cpuMs * 1000) / exchanges;
}
