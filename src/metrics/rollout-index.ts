// Where every rollout line is: (agent, task, rollout) -> (file, byte range), in typed arrays (about 40 bytes a
// rollout). It finds rollouts that appear twice (overlapping shards) and re-reads rows in (task, rollout) order.
import { InputError } from '../errors.ts';
import { agentNameOf, indicesOf } from '../rollouts/rollout-key.ts';
import { LineReader, locatedLines } from './jsonl-lines.ts';

/** A rollouts file; a seed replica's rollout j becomes `replica.index * replica.repeats + j`. */
export interface RolloutSource {
  path: string;
  shown: string;
  replica?: Replica;
}

export interface Replica {
  index: number;
  /** Rollouts per task in one replica (k): replica r's rollout j becomes r * k + j. */
  repeats: number;
}

/** The rollout index a row gets in the merge (its own outside replica mode). */
export function mergedRolloutIndex(rollout: number, replica: Replica | undefined): number {
  return replica === undefined ? rollout : replica.index * replica.repeats + rollout;
}

/** Rewrite a row's `_ng_rollout_index` for its replica (in place); rows without indices count as (0, 0). */
export function renumberRow(row: Record<string, unknown>, replica: Replica | undefined): Record<string, unknown> {
  if (replica !== undefined) row._ng_rollout_index = mergedRolloutIndex(indicesOf(row)._ng_rollout_index, replica);
  return row;
}

const MAX_LISTED = 10;

export class RolloutIndex {
  readonly sources: readonly RolloutSource[];
  readonly #agentIds = new Map<string, number>();
  #capacity = 1024;
  #size = 0;
  #agent = new Uint32Array(this.#capacity);
  #file = new Uint32Array(this.#capacity);
  #length = new Uint32Array(this.#capacity);
  #offset = new Float64Array(this.#capacity);
  #task = new Float64Array(this.#capacity);
  #rollout = new Float64Array(this.#capacity);
  #order = new Uint32Array(0);
  readonly #ranges = new Map<number, [number, number]>();
  #reader: LineReader | undefined;

  private constructor(sources: readonly RolloutSource[]) {
    this.sources = sources;
  }

  /**
   * Read every source once; `onRow` gets each row (indices already renumbered for replicas) with its agent's
   * name. Throws an InputError naming the files and tasks when a rollout appears twice.
   */
  static async build(sources: readonly RolloutSource[], onRow: (agent: string, row: Record<string, unknown>) => void, signal?: AbortSignal): Promise<RolloutIndex> {
    const index = new RolloutIndex(sources);
    for (const [file, source] of sources.entries()) {
      for await (const line of locatedLines(source.path, source.shown)) {
        if ((index.#size & 1023) === 0) signal?.throwIfAborted();
        const row = renumberRow(line.value, source.replica);
        const agent = agentNameOf(row) ?? 'agent';
        index.#push(agent, file, line.offset, line.length, indicesOf(row));
        onRow(agent, row);
      }
    }
    index.#sort();
    return index;
  }

  get size(): number {
    return this.#size;
  }

  /** Agent names, sorted. */
  agents(): string[] {
    return [...this.#agentIds.keys()].sort();
  }

  /** The agent's rows (index positions) in (task, rollout) order. */
  rowsOf(agent: string): Uint32Array {
    const range = this.#ranges.get(this.#agentIds.get(agent) ?? -1);
    return range === undefined ? new Uint32Array(0) : this.#order.subarray(range[0], range[1]);
  }

  /** Whether the agent has a rollout (task, rollout) (after renumbering). */
  has(agent: string, task: number, rollout: number): boolean {
    const rows = this.rowsOf(agent);
    let low = 0;
    let high = rows.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const row = rows[middle]!;
      const difference = this.#task[row]! - task || this.#rollout[row]! - rollout;
      if (difference === 0) return true;
      if (difference < 0) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  /** Parse a row again from its file (indices renumbered as in `build`). */
  readRow(row: number): Record<string, unknown> {
    this.#reader ??= new LineReader(this.sources.map((source) => source.path));
    const file = this.#file[row]!;
    const value = JSON.parse(this.#reader.read(file, this.#offset[row]!, this.#length[row]!)) as Record<string, unknown>;
    return renumberRow(value, this.sources[file]!.replica);
  }

  close(): void {
    this.#reader?.close();
    this.#reader = undefined;
  }

  #push(agent: string, file: number, offset: number, length: number, indices: { _ng_task_index: number; _ng_rollout_index: number }): void {
    if (this.#size === this.#capacity) this.#grow();
    let id = this.#agentIds.get(agent);
    if (id === undefined) this.#agentIds.set(agent, (id = this.#agentIds.size));
    const at = this.#size++;
    this.#agent[at] = id;
    this.#file[at] = file;
    this.#offset[at] = offset;
    this.#length[at] = length;
    this.#task[at] = indices._ng_task_index;
    this.#rollout[at] = indices._ng_rollout_index;
  }

  #sort(): void {
    const agent = this.#agent;
    const task = this.#task;
    const rollout = this.#rollout;
    const order = new Uint32Array(this.#size);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => agent[a]! - agent[b]! || task[a]! - task[b]! || rollout[a]! - rollout[b]! || a - b);
    this.#order = order;
    const repeated: number[][] = [];
    for (let i = 0; i < order.length; i++) {
      const row = order[i]!;
      const range = this.#ranges.get(agent[row]!);
      if (range === undefined) this.#ranges.set(agent[row]!, [i, i + 1]);
      else range[1] = i + 1;
      const previous = i > 0 ? order[i - 1]! : -1;
      if (previous >= 0 && agent[previous] === agent[row] && task[previous] === task[row] && rollout[previous] === rollout[row]) repeated.push([previous, row]);
    }
    if (repeated.length > 0) throw this.#overlapError(repeated);
  }

  #overlapError(repeated: number[][]): InputError {
    const names = [...this.#agentIds.keys()];
    const byFiles = new Map<string, Map<string, number[]>>();
    for (const [first, second] of repeated) {
      const files = `${this.#file[first!]}:${this.#file[second!]}`;
      const tasks = byFiles.get(files) ?? new Map<string, number[]>();
      byFiles.set(files, tasks);
      const task = `${names[this.#agent[first!]!]} task ${this.#task[first!]}`;
      tasks.set(task, [...(tasks.get(task) ?? []), this.#rollout[first!]!]);
    }
    const lines: string[] = [];
    for (const [files, tasks] of byFiles) {
      const [a, b] = files.split(':').map((file) => this.sources[Number(file)]!.shown);
      const listed = [...tasks].slice(0, MAX_LISTED).map(([task, rollouts]) => `${task} (rollout${rollouts.length > 1 ? 's' : ''} ${rollouts.join(', ')})`);
      const more = tasks.size > MAX_LISTED ? `, and ${tasks.size - MAX_LISTED} more tasks` : '';
      lines.push(a === b ? `- ${a} holds these rollouts twice: ${listed.join('; ')}${more}` : `- ${a} and ${b} both hold: ${listed.join('; ')}${more}`);
    }
    const replicas = this.sources.some((source) => source.replica !== undefined);
    return new InputError(`the rollouts overlap: ${repeated.length} rollout${repeated.length === 1 ? '' : 's'} (agent, _ng_task_index, _ng_rollout_index) appear more than once`, {
      details: lines.join('\n'),
      hint: replicas
        ? 'a replica must not repeat a rollout index; check that each file is one whole run'
        : 'each shard must hold other tasks: check that the glob does not match two copies of one shard; seed replicas (each job ran the whole input) merge with +shard_mode=replica',
    });
  }

  #grow(): void {
    const capacity = this.#capacity * 2;
    const grownU = (old: Uint32Array): Uint32Array<ArrayBuffer> => {
      const next = new Uint32Array(capacity);
      next.set(old);
      return next;
    };
    const grownF = (old: Float64Array): Float64Array<ArrayBuffer> => {
      const next = new Float64Array(capacity);
      next.set(old);
      return next;
    };
    this.#agent = grownU(this.#agent);
    this.#file = grownU(this.#file);
    this.#length = grownU(this.#length);
    this.#offset = grownF(this.#offset);
    this.#task = grownF(this.#task);
    this.#rollout = grownF(this.#rollout);
    this.#capacity = capacity;
  }
}
