// One column's statistics over values given one at a time, with `summariseColumn`'s exact arithmetic (the same
// additions in the same order): running sum, max and min; the values themselves spilled for the median and for
// the squared deviations, which need the mean first.
import type { ColumnSummary } from './column-stats.ts';
import type { SpillDir } from './spill-dir.ts';
import { SpilledValues } from './spilled-values.ts';

export class StreamedColumn {
  #count = 0;
  #sum = 0;
  #max = -Infinity;
  #min = Infinity;
  readonly #values: SpilledValues;

  constructor(spill: SpillDir) {
    this.#values = new SpilledValues(spill);
  }

  /** A row's value; NaN (the row has none) is skipped. */
  add(value: number): void {
    if (Number.isNaN(value)) return;
    this.#count++;
    this.#sum += value;
    if (value > this.#max) this.#max = value;
    if (value < this.#min) this.#min = value;
    this.#values.add(value);
  }

  summary(): ColumnSummary {
    const count = this.#count;
    if (count === 0) return { count, stats: {} };
    const mean = this.#sum / count;
    const stats: ColumnSummary['stats'] = { mean, max: this.#max, min: this.#min, median: this.#values.median() };
    if (count > 1) {
      let squares = 0;
      this.#values.forEach((value) => (squares += (value - mean) ** 2));
      stats.std = Math.sqrt(squares / (count - 1));
    }
    return { count, stats };
  }

  /** Empty again, for the next set of rows. */
  reset(): void {
    this.#count = 0;
    this.#sum = 0;
    this.#max = -Infinity;
    this.#min = Infinity;
    this.#values.reset();
  }
}
