// NeMo Gym's per-column statistics (pandas semantics): mean, max, min, median, sample std (n-1), NaN skipped.

export const STAT_NAMES = ['mean', 'max', 'min', 'median', 'std'] as const;
export type StatName = (typeof STAT_NAMES)[number];

export interface ColumnSummary {
  /** How many values were present (not NaN). */
  count: number;
  stats: Partial<Record<StatName, number>>;
}

/** Summarise the present (non-NaN) values of one column; stats that would be NaN are left out. */
export function summariseColumn(values: ArrayLike<number>): ColumnSummary {
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (!Number.isNaN(value)) present.push(value);
  }
  const count = present.length;
  if (count === 0) return { count, stats: {} };
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  for (const value of present) {
    sum += value;
    if (value > max) max = value;
    if (value < min) min = value;
  }
  const mean = sum / count;
  const sorted = Float64Array.from(present).sort();
  const middle = count >> 1;
  const median = count % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const stats: ColumnSummary['stats'] = { mean, max, min, median };
  if (count > 1) {
    let squares = 0;
    for (const value of present) squares += (value - mean) ** 2;
    stats.std = Math.sqrt(squares / (count - 1));
  }
  return { count, stats };
}

/**
 * Stat-major keys ("mean/reward", ..., "std/reward") over columns in their given order.
 * A set of exactly one row reports std 0 for every column that row has (NeMo's rule).
 */
export function statKeys(columns: ReadonlyMap<string, ArrayLike<number>>, rowCount: number): Record<string, number> {
  return statKeysOfSummaries([...columns].map(([name, values]) => [name, summariseColumn(values)] as const), rowCount);
}

/**
 * `statKeys` over column summaries already made (in column order), for statistics computed as a stream.
 * The same rules: stat-major; std 0 for a column of a set of exactly one row.
 */
export function statKeysOfSummaries(summaries: readonly (readonly [string, ColumnSummary])[], rowCount: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const stat of STAT_NAMES) {
    for (const [name, summary] of summaries) {
      let value = summary.stats[stat];
      if (stat === 'std' && value === undefined && rowCount === 1 && summary.count === 1) value = 0;
      if (value !== undefined && !Number.isNaN(value)) out[`${stat}/${name}`] = value;
    }
  }
  return out;
}
