// Materialized inputs and rollouts grouped by task on disk, in any order they were written: compact records are
// split into task-index ranges (bucket files), then each bucket is grouped in memory. Memory is one bucket.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { numericFieldsOf } from '../metrics/rollout-columns.ts';
import { readJsonl } from '../rollouts/jsonl-reader.ts';
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
  tempDir: string;
  displayInputs: string;
  displayRollouts: string;
  /** Records per bucket file (the unit held in memory). @default 50_000 */
  bucketRows?: number;
}

/** Buffered appends to numbered bucket files. */
class BucketFiles {
  readonly #dir: string;
  readonly #prefix: string;
  readonly #buffers: string[][];
  readonly #sizes: number[];

  constructor(dir: string, prefix: string, count: number) {
    this.#dir = dir;
    this.#prefix = prefix;
    this.#buffers = Array.from({ length: count }, () => []);
    this.#sizes = new Array<number>(count).fill(0);
  }

  path(bucket: number): string {
    return join(this.#dir, `${this.#prefix}-${bucket}.jsonl`);
  }

  append(bucket: number, record: unknown): void {
    const line = `${JSON.stringify(record)}\n`;
    this.#buffers[bucket]!.push(line);
    this.#sizes[bucket]! += line.length;
    if (this.#sizes[bucket]! > 64 * 1024) this.#flush(bucket);
  }

  #flush(bucket: number): void {
    appendFileSync(this.path(bucket), this.#buffers[bucket]!.join(''));
    this.#buffers[bucket] = [];
    this.#sizes[bucket] = 0;
  }

  close(): void {
    for (let bucket = 0; bucket < this.#buffers.length; bucket++) this.#flush(bucket);
  }

  read<T>(bucket: number): T[] {
    return readFileSync(this.path(bucket), 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as T);
  }
}

/** Every task that has an input or a rollout, in ascending task order, with its inputs and rollouts. */
export async function* groupByTask(inputsPath: string, rolloutsPath: string, options: GroupingOptions): AsyncGenerator<TaskGroup> {
  // 1. Inputs: their compact records in one file, and the task range.
  const allInputs = new BucketFiles(options.tempDir, 'inputs-all', 1);
  let inputCount = 0;
  let maxTask = 0;
  for await (const { value, offset } of readJsonlWithOffsets(inputsPath, { displayPath: options.displayInputs })) {
    const { _ng_task_index: t, _ng_rollout_index: r } = indicesOf(value);
    allInputs.append(0, { t, r, a: agentNameOf(value) ?? null, o: offset } satisfies InputRecord);
    inputCount++;
    if (t > maxTask) maxTask = t;
  }
  allInputs.close();

  // 2. Buckets of contiguous task ranges, sized for about `bucketRows` records each (inputs plus as many rollouts).
  const bucketCount = Math.max(1, Math.ceil((2 * inputCount) / (options.bucketRows ?? 50_000)));
  const width = Math.max(1, Math.ceil((maxTask + 1) / bucketCount));
  const bucketOf = (task: number): number => Math.min(bucketCount - 1, Math.max(0, Math.floor(task / width)));
  const rollouts = new BucketFiles(options.tempDir, 'rollouts', bucketCount);
  for await (const { value } of readJsonlWithOffsets(rolloutsPath, { displayPath: options.displayRollouts })) {
    const { _ng_task_index: t, _ng_rollout_index: r } = indicesOf(value);
    rollouts.append(bucketOf(t), { t, r, ...numericFieldsOf(value) } satisfies RolloutRecord);
  }
  rollouts.close();
  const inputs = new BucketFiles(options.tempDir, 'inputs', bucketCount);
  for await (const { value } of readJsonl(allInputs.path(0))) inputs.append(bucketOf(value.t as number), value);
  inputs.close();

  // 3. Each bucket grouped in memory, tasks in order.
  const byRollout = (a: { r: number }, b: { r: number }): number => a.r - b.r;
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const groups = new Map<number, TaskGroup>();
    const groupOf = (task: number): TaskGroup => {
      let group = groups.get(task);
      if (group === undefined) groups.set(task, (group = { task, inputs: [], rollouts: [] }));
      return group;
    };
    for (const record of inputs.read<InputRecord>(bucket)) groupOf(record.t).inputs.push(record);
    for (const record of rollouts.read<RolloutRecord>(bucket)) groupOf(record.t).rollouts.push(record);
    for (const task of [...groups.keys()].sort((a, b) => a - b)) {
      const group = groups.get(task)!;
      group.inputs.sort(byRollout);
      group.rollouts.sort(byRollout);
      yield group;
    }
  }
}
