// Columnar storage of the numeric fields of verify responses: 8 bytes per number, never the rows themselves.
//
// Everything derived from the store is independent of the order rows were added in: `sortByKey` puts the rows
// in (task, rollout) order, and columns are ordered by where they first appear in that order. So the same
// rows give the same bytes whether they came from one run or from shards merged in any order.

const GROUP_KEYS = new Set(['_ng_task_index', '_ng_rollout_index']);

/** Numeric metric fields of one verify response: its own top-level numbers/booleans, then `response.usage`'s. */
export function numericFieldsOf(row: Record<string, unknown>): { own: [string, number][]; usage: [string, number][] } {
  const own: [string, number][] = [];
  for (const [key, value] of Object.entries(row)) {
    // `_ng_*` keys are bookkeeping (indices, attempt counters), never metric columns.
    if (GROUP_KEYS.has(key) || key.startsWith('_ng_')) continue;
    const number = asNumber(value);
    if (number !== undefined) own.push([key, number]);
  }
  const usage: [string, number][] = [];
  const response = row.response;
  if (response !== null && typeof response === 'object' && !Array.isArray(response)) {
    const usageValue = (response as Record<string, unknown>).usage;
    if (usageValue !== null && typeof usageValue === 'object' && !Array.isArray(usageValue)) {
      for (const [key, value] of Object.entries(usageValue)) {
        const number = asNumber(value);
        if (number !== undefined) usage.push([key, number]);
      }
    }
  }
  return { own, usage };
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  return undefined;
}

function indexOf(row: Record<string, unknown>, key: string): number {
  const value = row[key];
  return typeof value === 'number' ? value : 0;
}

/** Where a column first appears: the smallest (task, rollout) row holding it, and its position in that row. */
interface FirstAppearance {
  task: number;
  rollout: number;
  position: number;
  /** It came from `response.usage` in that row (listed after `reward` in rollout_infos). */
  fromUsage: boolean;
}

/** Growable columns of numbers; a value a row lacks is NaN. */
export class RolloutColumns {
  #capacity = 256;
  #size = 0;
  #sorted = true;
  #taskIndex = new Float64Array(this.#capacity);
  #rolloutIndex = new Float64Array(this.#capacity);
  readonly #columns = new Map<string, Float64Array>();
  readonly #first = new Map<string, FirstAppearance>();

  get size(): number {
    return this.#size;
  }

  /** Record one verify response (missing indices count as 0, as in NeMo Gym). */
  add(row: Record<string, unknown>): void {
    if (this.#size === this.#capacity) this.#grow();
    const at = this.#size++;
    const task = indexOf(row, '_ng_task_index');
    const rollout = indexOf(row, '_ng_rollout_index');
    if (at > 0 && (task < this.#taskIndex[at - 1]! || (task === this.#taskIndex[at - 1]! && rollout < this.#rolloutIndex[at - 1]!))) this.#sorted = false;
    this.#taskIndex[at] = task;
    this.#rolloutIndex[at] = rollout;
    const { own, usage } = numericFieldsOf(row);
    let position = 0;
    for (const [key, value] of own) {
      this.#column(key)[at] = value;
      this.#noteAppearance(key, task, rollout, position++, false);
    }
    for (const [key, value] of usage) {
      // A usage number wins over a top-level one of the same name (Python's `result | usage`).
      const ownAlready = own.some(([name]) => name === key);
      this.#column(key)[at] = value;
      if (!ownAlready) this.#noteAppearance(key, task, rollout, position, true);
      position++;
    }
  }

  taskIndex(row: number): number {
    return this.#taskIndex[row]!;
  }

  rolloutIndex(row: number): number {
    return this.#rolloutIndex[row]!;
  }

  /** Put the rows in (task, rollout) order; afterwards row i is the i-th smallest key. */
  sortByKey(): void {
    if (this.#sorted) return;
    const order = new Uint32Array(this.#size);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const task = this.#taskIndex;
    const rollout = this.#rolloutIndex;
    order.sort((a, b) => task[a]! - task[b]! || rollout[a]! - rollout[b]!);
    const permuted = (values: Float64Array): Float64Array<ArrayBuffer> => {
      const next = new Float64Array(this.#capacity).fill(Number.NaN);
      for (let i = 0; i < order.length; i++) next[i] = values[order[i]!]!;
      return next;
    };
    this.#taskIndex = permuted(this.#taskIndex);
    this.#rolloutIndex = permuted(this.#rolloutIndex);
    for (const [name, values] of this.#columns) this.#columns.set(name, permuted(values));
    this.#sorted = true;
  }

  /** Every column, ordered by first appearance in (task, rollout) order, trimmed to the rows added. */
  columns(): Map<string, Float64Array> {
    const out = new Map<string, Float64Array>();
    for (const name of this.#columnOrder()) out.set(name, this.#columns.get(name)!.subarray(0, this.#size));
    return out;
  }

  /** Columns whose first appearance came from `response.usage`. */
  usageColumns(): Set<string> {
    return new Set(this.#columnOrder().filter((name) => this.#first.get(name)!.fromUsage));
  }

  #columnOrder(): string[] {
    const compare = (a: FirstAppearance, b: FirstAppearance): number => a.task - b.task || a.rollout - b.rollout || a.position - b.position;
    return [...this.#first].sort(([, a], [, b]) => compare(a, b)).map(([name]) => name);
  }

  #noteAppearance(name: string, task: number, rollout: number, position: number, fromUsage: boolean): void {
    const first = this.#first.get(name);
    if (first === undefined || task < first.task || (task === first.task && (rollout < first.rollout || (rollout === first.rollout && position < first.position)))) {
      this.#first.set(name, { task, rollout, position, fromUsage });
    }
  }

  #column(name: string): Float64Array {
    let column = this.#columns.get(name);
    if (column === undefined) {
      column = new Float64Array(this.#capacity).fill(Number.NaN);
      this.#columns.set(name, column);
    }
    return column;
  }

  #grow(): void {
    const capacity = this.#capacity * 2;
    const grown = (old: Float64Array): Float64Array<ArrayBuffer> => {
      const next = new Float64Array(capacity).fill(Number.NaN);
      next.set(old);
      return next;
    };
    this.#taskIndex = grown(this.#taskIndex);
    this.#rolloutIndex = grown(this.#rolloutIndex);
    for (const [name, values] of this.#columns) this.#columns.set(name, grown(values));
    this.#capacity = capacity;
  }
}
