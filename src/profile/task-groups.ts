// Materialized inputs and rollouts grouped by task on disk, in any order they were written: compact records are
// sorted by (task, rollout) with the metrics' external sort (src/metrics/external-sort.ts), then read side by
// side one task at a time. Memory is the sort's buffer and one task.
import type { ByteReader, ByteWriter, RecordCodec } from '../metrics/byte-codec.ts';
import { ExternalSorter, type RecordCursor } from '../metrics/external-sort.ts';
import { numericFieldsOf } from '../metrics/rollout-columns.ts';
import type { SpillDir } from '../metrics/spill-dir.ts';
import { readJsonlWithOffsets } from '../rollouts/jsonl-offsets.ts';
import { agentNameOf, indicesOf } from '../rollouts/rollout-key.ts';

/** A materialized input row: its key, agent, and where its line starts (to fetch it as a task's sample). */
export interface InputRecord {
  t: number;
  r: number;
  a: string | null;
  o: number;
}

/** A rollout: its key and numeric fields (own, then `response.usage`'s). */
export interface RolloutRecord {
  t: number;
  r: number;
  own: [string, number][];
  usage: [string, number][];
}

export interface TaskGroup {
  task: number;
  /** Both sorted by rollout index. */
  inputs: InputRecord[];
  rollouts: RolloutRecord[];
}

export interface GroupingOptions {
  spill: SpillDir;
  displayInputs: string;
  displayRollouts: string;
}

function writeFields(fields: [string, number][], out: ByteWriter): void {
  out.u32(fields.length);
  for (const [name, value] of fields) {
    out.string(name);
    out.f64(value);
  }
}

function readFields(input: ByteReader): [string, number][] {
  return Array.from({ length: input.u32() }, () => [input.string(), input.f64()]);
}

const inputCodec: RecordCodec<InputRecord> = {
  write(record, out) {
    out.f64(record.t);
    out.f64(record.r);
    out.u8(record.a === null ? 0 : 1);
    if (record.a !== null) out.string(record.a);
    out.f64(record.o);
  },
  read(input) {
    const t = input.f64();
    const r = input.f64();
    const a = input.u8() === 1 ? input.string() : null;
    return { t, r, a, o: input.f64() };
  },
};

const rolloutCodec: RecordCodec<RolloutRecord> = {
  write(record, out) {
    out.f64(record.t);
    out.f64(record.r);
    writeFields(record.own, out);
    writeFields(record.usage, out);
  },
  read(input) {
    return { t: input.f64(), r: input.f64(), own: readFields(input), usage: readFields(input) };
  },
};

/** Every task that has an input or a rollout, in ascending task order, with its inputs and rollouts. */
export async function* groupByTask(inputsPath: string, rolloutsPath: string, options: GroupingOptions): AsyncGenerator<TaskGroup> {
  const sortOf = <T>(codec: RecordCodec<T>, name: string) => new ExternalSorter({ codec, keyCount: 2, spill: options.spill, name });
  const inputSorter = sortOf(inputCodec, 'inputs');
  for await (const { value, offset } of readJsonlWithOffsets(inputsPath, { displayPath: options.displayInputs })) {
    const { _ng_task_index: t, _ng_rollout_index: r } = indicesOf(value);
    inputSorter.add({ t, r, a: agentNameOf(value) ?? null, o: offset });
  }
  const rolloutSorter = sortOf(rolloutCodec, 'rollouts');
  for await (const { value } of readJsonlWithOffsets(rolloutsPath, { displayPath: options.displayRollouts })) {
    const { _ng_task_index: t, _ng_rollout_index: r } = indicesOf(value);
    rolloutSorter.add({ t, r, ...numericFieldsOf(value) });
  }
  const inputs = inputSorter.finish();
  const rollouts = rolloutSorter.finish();
  try {
    // Both in (task, rollout) order (equal keys as written): a task is the run of equal task indices on each side.
    const nextInput = peekable(inputs.cursor());
    const nextRollout = peekable(rollouts.cursor());
    for (;;) {
      const a = nextInput.peek();
      const b = nextRollout.peek();
      if (a === undefined && b === undefined) return;
      const task = a === undefined ? b!.t : b === undefined ? a.t : Math.min(a.t, b.t);
      const group: TaskGroup = { task, inputs: [], rollouts: [] };
      while (nextInput.peek()?.t === task) group.inputs.push(nextInput.take());
      while (nextRollout.peek()?.t === task) group.rollouts.push(nextRollout.take());
      yield group;
    }
  } finally {
    inputs.dispose();
    rollouts.dispose();
  }
}

function peekable<T>(cursor: RecordCursor<T>): { peek(): T | undefined; take(): T } {
  let head = cursor.next();
  return {
    peek: () => head,
    take: () => {
      const taken = head!;
      head = cursor.next();
      return taken;
    },
  };
}

