// How big each measurement is, full and --quick, in one place (quick: every measurement, about three minutes).

export interface ScaleCase {
  inFlight: number;
  rollouts: number;
  upstreamDelayMs: number;
  boundTarget?: number;
}

export interface BenchSizes {
  /** Client concurrencies of the ceiling and the throughput runs (the same ones, to compare). */
  concurrencies: number[];
  /** The ceiling is the best of `repeats` samples: it is what the machine can do, and other load only lowers it. */
  ceiling: { warmupMs: number; durationMs: number; repeats: number };
  /** Throughput runs: after `warmupRollouts`, pairs of slices (bare exchange, then workload) until
   * `maxPairs` or the run's tail; fewer than `minPairs`, or a pair's ratio more than `neighbourTolerance`
   * off its neighbours', makes the measurement invalid; an invalid one is measured again, up to `attempts`
   * runs in all (a burst of other load spoils a run, rarely two in a row). The run collects at least
   * `minRollouts`, and more on a fast machine: enough for every slice even if our request rate reached
   * `rateRatioBound` of the bare exchange's, measured just before (a fixed size ran out after 3 pairs on a
   * machine twice as fast as ours). */
  throughput: { minRollouts: number; rateRatioBound: number; warmupRollouts: number; workloadSliceMs: number; ceilingSliceMs: number; ceilingWarmupMs: number; maxPairs: number; minPairs: number; neighbourTolerance: number; attempts: number };
  /** `warmup` rollouts run first and are not counted: JIT-compiling every hop takes a few thousand requests. */
  latency: { concurrency: number; warmup: number; rollouts: number; upstreamDelayMs: number };
  /** Scale cases, each one collection: in flight, rollouts, the upstream's time per call, and the share
   * of the upstream bound (in flight / upstream time per rollout) it must reach, where there is one. */
  scale: ScaleCase[];
  /** Rollout counts whose collector peak RSS are compared. */
  memoryRollouts: [number, number];
  memoryConcurrency: number;
  /** Start/stop cycles of the quick-start stack; the median is reported. */
  startupCycles: number;
}

export const FULL_SIZES: BenchSizes = {
  concurrencies: [64, 512],
  ceiling: { warmupMs: 500, durationMs: 3000, repeats: 3 },
  // 20,000 rollouts of warm-up: our stack's CPU per rollout settles only after 15,000-20,000 (bench/warmup-curve.ts,
  // 2026-12-03: ~1,260 us in the first 5,000, ~790-820 up to 15,000, then ~695-760 to 65,000, the upstream flat
  // from 10,000 on); after 2,000 the first half of the slices still measured the warm-up. At least 70,000 rollouts,
  // so that a sizing slice that met a burst of other load (a slower bare exchange) still leaves room for 12 pairs.
  throughput: { minRollouts: 70_000, rateRatioBound: 0.6, warmupRollouts: 20_000, workloadSliceMs: 2000, ceilingSliceMs: 1000, ceilingWarmupMs: 2000, maxPairs: 12, minPairs: 6, neighbourTolerance: 0.25, attempts: 2 },
  latency: { concurrency: 64, warmup: 1280, rollouts: 1280, upstreamDelayMs: 200 },
  // 20,000 in flight: what an RL step with a slow model looks like. Past what a 20,000-descriptor limit
  // lets every hop hold, calls wait for a connection (kit/connection-budget.ts): no throughput target,
  // but no failure and no admission pause longer than 1.5 rollouts.
  scale: [
    { inFlight: 5000, rollouts: 20_000, upstreamDelayMs: 5000, boundTarget: 0.9 },
    { inFlight: 20_000, rollouts: 24_000, upstreamDelayMs: 10_000 },
  ],
  memoryRollouts: [10_000, 1_000_000],
  memoryConcurrency: 256,
  startupCycles: 5,
};

export const QUICK_SIZES: BenchSizes = {
  concurrencies: [64, 512],
  ceiling: { warmupMs: 200, durationMs: 1000, repeats: 1 },
  // --quick shows the measurement can be trusted on whatever machine CI has, never judges a target: a sample
  // may stray 40% from its neighbours (a shared 2-core VM's own noise at 2 s slices), not 25%.
  throughput: { minRollouts: 30_000, rateRatioBound: 0.6, warmupRollouts: 1000, workloadSliceMs: 2000, ceilingSliceMs: 1000, ceilingWarmupMs: 1500, maxPairs: 8, minPairs: 6, neighbourTolerance: 0.4, attempts: 3 },
  latency: { concurrency: 16, warmup: 32, rollouts: 64, upstreamDelayMs: 200 },
  scale: [
    { inFlight: 300, rollouts: 1200, upstreamDelayMs: 1000, boundTarget: 0.9 },
    { inFlight: 800, rollouts: 1200, upstreamDelayMs: 1000 },
  ],
  memoryRollouts: [500, 2000],
  memoryConcurrency: 64,
  startupCycles: 1,
};

export function sizesFor(quick: boolean): BenchSizes {
  return quick ? QUICK_SIZES : FULL_SIZES;
}
