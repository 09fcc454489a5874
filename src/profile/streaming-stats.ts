// NeMo Gym's per-column statistics (pandas `describe`: mean, max, min, median, sample std) over a stream of rows,
// with memory independent of the row count: running sums for the moments, spilled values for the median.
import { STAT_NAMES } from '../metrics/column-stats.ts';
import type { SpillDir } from '../metrics/spill-dir.ts';
import { SpilledValues } from '../metrics/spilled-values.ts';

class ColumnStats {
  count = 0;
  /** The mean is sum / count, as pandas computes it; the running mean only feeds Welford's update. */
  sum = 0;
  mean = 0;
  /** Sum of squared deviations from the running mean (Welford). */
  m2 = 0;
  min = Infinity;
  max = -Infinity;
  readonly values: SpilledValues;

  constructor(spill: SpillDir) {
    this.values = new SpilledValues(spill);
  }

  add(value: number): void {
    this.count++;
    this.sum += value;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.values.add(value);
  }
}

/** The statistics of one set of rows (an agent's rollouts), column by column. */
export class StreamingStats {
  readonly #spill: SpillDir;
  readonly #columns = new Map<string, ColumnStats>();
  #rows = 0;

  /** Values beyond the in-memory limit are spilled to files in `spill` (removed by dispose()). */
  constructor(spill: SpillDir) {
    this.#spill = spill;
  }

  get rows(): number {
    return this.#rows;
  }

  /** Add one row's numeric fields. */
  add(fields: Iterable<readonly [string, number]>): void {
    this.#rows++;
    for (const [name, value] of fields) {
      let column = this.#columns.get(name);
      if (column === undefined) {
        column = new ColumnStats(this.#spill);
        this.#columns.set(name, column);
      }
      column.add(value);
    }
  }

  /**
   * `stat/column` keys, stat-major over `order` (the columns' global first-appearance order). As pandas: std is
   * left out below two values, except that a set where every column has at most one value reports std 0 for
   * the columns every row has.
   */
  statKeys(order: Iterable<string>): Record<string, number> {
    const columns = [...order].flatMap((name) => {
      const column = this.#columns.get(name);
      return column === undefined || column.count === 0 ? [] : [[name, column] as const];
    });
    const noStd = columns.every(([, column]) => column.count < 2);
    const out: Record<string, number> = {};
    for (const stat of STAT_NAMES) {
      for (const [name, column] of columns) {
        let value: number | undefined;
        if (stat === 'mean') value = column.sum / column.count;
        else if (stat === 'max') value = column.max;
        else if (stat === 'min') value = column.min;
        else if (stat === 'median') value = column.values.median();
        else if (column.count > 1) value = Math.sqrt(column.m2 / (column.count - 1));
        else if (noStd && column.count === this.#rows) value = 0;
        if (value !== undefined && !Number.isNaN(value)) out[`${stat}/${name}`] = value;
      }
    }
    return out;
  }

  dispose(): void {
    for (const column of this.#columns.values()) column.values.dispose();
  }
}
