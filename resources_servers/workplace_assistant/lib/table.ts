// A pandas-like DataFrame: columns with dtypes, rows, index labels; shared copy-on-write between sessions so a
// session costs almost nothing until it writes.
import { concatDtype, inferredDtype, type Dtype } from './pandas/column.ts';
import type { Cell, Row } from './python-semantics.ts';

/** Frozen columns, dtypes, rows and labels loaded once; every workspace starts from these without copying. */
export interface TableData {
  readonly columns: readonly string[];
  readonly dtypes: Readonly<Record<string, Dtype>>;
  readonly rows: readonly Row[];
  /** pandas index labels, in row order (duplicates are possible, as after `pd.concat` without ignore_index). */
  readonly labels: readonly number[];
}

export function tableFromRows(columns: readonly string[], rows: readonly Row[], dtypes: Readonly<Record<string, Dtype>> = {}): TableData {
  return Object.freeze({
    columns: Object.freeze([...columns]),
    dtypes: Object.freeze(Object.fromEntries(columns.map((column) => [column, dtypes[column] ?? 'str']))),
    rows: Object.freeze(rows.map((row) => Object.freeze({ ...row }))),
    labels: Object.freeze(rows.map((_, index) => index)),
  });
}

/** One session's view of a table: reads share the base arrays; the first write copies the arrays (not the rows). */
export class Table {
  readonly columns: readonly string[];
  #dtypes: Readonly<Record<string, Dtype>>;
  #rows: readonly Row[];
  #labels: readonly number[];
  #owned = false;

  constructor(base: TableData) {
    this.columns = base.columns;
    this.#dtypes = base.dtypes;
    this.#rows = base.rows;
    this.#labels = base.labels;
  }

  get rows(): readonly Row[] {
    return this.#rows;
  }

  get labels(): readonly number[] {
    return this.#labels;
  }

  get length(): number {
    return this.#rows.length;
  }

  dtype(column: string): Dtype {
    return this.#dtypes[column] ?? 'object';
  }

  /** The column's values in row order. */
  column(name: string): Cell[] {
    return this.#rows.map((row) => row[name] ?? null);
  }

  #writable(): { rows: Row[]; labels: number[] } {
    if (!this.#owned) {
      this.#rows = [...this.#rows];
      this.#labels = [...this.#labels];
      this.#owned = true;
    }
    return { rows: this.#rows as Row[], labels: this.#labels as number[] };
  }

  /** `df = df[mask]`: keeps labels and dtypes. */
  keepWhere(mask: readonly boolean[]): void {
    this.#rows = this.#rows.filter((_, index) => mask[index]);
    this.#labels = this.#labels.filter((_, index) => mask[index]);
    this.#owned = true;
  }

  /** `df.loc[mask, column] = cells` (one cell per selected row). */
  assign(mask: readonly boolean[], column: string, cells: readonly Cell[]): void {
    const { rows } = this.#writable();
    let next = 0;
    rows.forEach((row, index) => {
      if (mask[index]) rows[index] = Object.freeze({ ...row, [column]: cells[next++] ?? null });
    });
  }

  /** `df[column] = values` with a new dtype. */
  replaceColumn(column: string, values: readonly Cell[], dtype: Dtype): void {
    const { rows } = this.#writable();
    rows.forEach((row, index) => (rows[index] = Object.freeze({ ...row, [column]: values[index] ?? null })));
    this.#dtypes = { ...this.#dtypes, [column]: dtype };
  }

  /** `df.loc[len(df)] = values`: overwrites the row labelled len(df) if one exists, else appends. */
  setAtLengthLabel(row: Row): void {
    const { rows, labels } = this.#writable();
    const label = rows.length;
    const frozen = Object.freeze(this.#complete(row));
    const existing = labels.indexOf(label);
    if (existing >= 0) rows[existing] = frozen;
    else {
      rows.push(frozen);
      labels.push(label);
    }
  }

  /** `pd.concat([df, pd.DataFrame({column: [value], ...})], ignore_index=...)`. */
  concat(row: Row, options: { ignoreIndex: boolean }): void {
    const { rows, labels } = this.#writable();
    const complete = this.#complete(row);
    this.#dtypes = Object.fromEntries(this.columns.map((column) => [column, concatDtype(this.dtype(column), inferredDtype(complete[column]!))]));
    rows.push(Object.freeze(complete));
    if (options.ignoreIndex) this.#labels = rows.map((_, index) => index);
    else labels.push(0);
  }

  #complete(row: Row): Record<string, Cell> {
    return Object.fromEntries(this.columns.map((column) => [column, row[column] ?? null]));
  }
}
