// The compact record of one rollout that metrics are computed from: its key, where its line is, and its numeric
// fields as (column id, value) pairs. Sorted on disk by (agent, task, rollout) instead of held in memory.
import type { RecordCodec } from './byte-codec.ts';
import { numericFieldsOf } from './rollout-columns.ts';

export interface RolloutRecord {
  /** Sort key: agent id (see NameIds), task index, rollout index. */
  agent: number;
  task: number;
  rollout: number;
  /** The line: which source file, its byte offset and length. */
  file: number;
  offset: number;
  length: number;
  /**
   * Numeric fields in the order a column first appears in a row: the row's own numbers (a `response.usage`
   * number of the same name wins, as Python's `result | usage`), then usage numbers of other names.
   */
  columns: number[];
  values: number[];
  /** Per field: 1 when it came from `response.usage` (and the row has no own field of that name). */
  fromUsage: number[];
}

/** Ids for names (agents, columns) in the order they are first met; memory grows with distinct names only. */
export class NameIds {
  readonly #ids = new Map<string, number>();
  readonly names: string[] = [];

  idOf(name: string): number {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.#ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  has(name: string): boolean {
    return this.#ids.has(name);
  }
}

/** The record of a verify response `row` (indices already renumbered) found at `file`/`offset`/`length`. */
export function rolloutRecordOf(row: Record<string, unknown>, key: { agent: number; task: number; rollout: number }, line: { file: number; offset: number; length: number }, columns: NameIds): RolloutRecord {
  const { own, usage } = numericFieldsOf(row);
  const record: RolloutRecord = { ...key, ...line, columns: [], values: [], fromUsage: [] };
  const usageValues = new Map(usage);
  const push = (name: string, value: number, fromUsage: boolean): void => {
    record.columns.push(columns.idOf(name));
    record.values.push(value);
    record.fromUsage.push(fromUsage ? 1 : 0);
  };
  for (const [name, value] of own) push(name, usageValues.has(name) ? usageValues.get(name)! : value, false);
  const ownNames = new Set(own.map(([name]) => name));
  for (const [name, value] of usage) if (!ownNames.has(name)) push(name, value, true);
  return record;
}

export const rolloutRecordCodec: RecordCodec<RolloutRecord> = {
  write(record, out) {
    out.f64(record.agent);
    out.f64(record.task);
    out.f64(record.rollout);
    out.u32(record.file);
    out.f64(record.offset);
    out.u32(record.length);
    out.u32(record.columns.length);
    for (let i = 0; i < record.columns.length; i++) {
      out.u32(record.columns[i]!);
      out.f64(record.values[i]!);
      out.u8(record.fromUsage[i]!);
    }
  },
  read(input) {
    const record: RolloutRecord = { agent: input.f64(), task: input.f64(), rollout: input.f64(), file: input.u32(), offset: input.f64(), length: input.u32(), columns: [], values: [], fromUsage: [] };
    const count = input.u32();
    for (let i = 0; i < count; i++) {
      record.columns.push(input.u32());
      record.values.push(input.f64());
      record.fromUsage.push(input.u8());
    }
    return record;
  },
};

/** Sort keys of a rollout record: agent, task, rollout. */
export const ROLLOUT_KEY_COUNT = 3;
