// How big each measurement is, full and --quick, in one place (quick: every measurement, < 1 minute).

export interface BenchSizes {
  /** Client concurrencies of the ceiling and the throughput runs (the same ones, to compare). */
  concurrencies: number[];
  /** The ceiling is the best of `repeats` samples: it is what the machine can do, and other load only lowers it. */
  ceiling: { warmupMs: number; durationMs: number; repeats: number };
  /** Rollouts per throughput run (a multiple of the 5 example rows). */
  throughputRollouts: number;
  /** `warmup` rollouts run first and are not counted: JIT-compiling every hop takes a few thousand requests. */
  latency: { concurrency: number; warmup: number; rollouts: number; upstreamDelayMs: number };
  scale: { inFlight: number; rollouts: number; upstreamDelayMs: number };
  /** Rollout counts whose collector peak RSS are compared. */
  memoryRollouts: [number, number];
  memoryConcurrency: number;
  /** Start/stop cycles of the quick-start stack; the median is reported. */
  startupCycles: number;
}

export const FULL_SIZES: BenchSizes = {
  concurrencies: [64, 512],
  ceiling: { warmupMs: 500, durationMs: 3000, repeats: 3 },
  throughputRollouts: 10_000,
  latency: { concurrency: 64, warmup: 1280, rollouts: 1280, upstreamDelayMs: 200 },
  scale: { inFlight: 5000, rollouts: 20_000, upstreamDelayMs: 5000 },
  memoryRollouts: [10_000, 1_000_000],
  memoryConcurrency: 256,
  startupCycles: 5,
};

export const QUICK_SIZES: BenchSizes = {
  concurrencies: [64, 512],
  ceiling: { warmupMs: 200, durationMs: 1000, repeats: 1 },
  throughputRollouts: 500,
  latency: { concurrency: 16, warmup: 32, rollouts: 64, upstreamDelayMs: 200 },
  scale: { inFlight: 300, rollouts: 1200, upstreamDelayMs: 1000 },
  memoryRollouts: [500, 2000],
  memoryConcurrency: 64,
  startupCycles: 1,
};

export function sizesFor(quick: boolean): BenchSizes {
  return quick ? QUICK_SIZES : FULL_SIZES;
}
