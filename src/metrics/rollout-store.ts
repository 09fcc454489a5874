// Every rollout of one or more rollouts files as records sorted by (agent, task, rollout), on disk past a memory
// limit: memory does not grow with the rollouts. It finds rollouts that appear twice (overlapping shards), walks
// each agent's rollouts in order, and reads a rollout's line again by its byte range.
import { InputError } from '../errors.ts';
import { agentNameOf, indicesOf } from '../rollouts/rollout-key.ts';
import { ExternalSorter, type RecordCursor, type SortedRecords } from './external-sort.ts';
import { LineReader, locatedLines } from './jsonl-lines.ts';
import { NameIds, ROLLOUT_KEY_COUNT, rolloutRecordCodec, rolloutRecordOf, type RolloutRecord } from './rollout-records.ts';
import type { SpillDir } from './spill-dir.ts';

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

/** Tasks listed per pair of files in the overlap error, and rollouts listed per task. */
const MAX_LISTED = 10;
const MAX_LISTED_ROLLOUTS = 20;
/** Records read between checks of the abort signal (and turns of the event loop, so that a signal is seen). */
const YIELD_EVERY = 4096;

interface AgentRange {
  position: number;
  count: number;
}

export class RolloutStore {
  readonly sources: readonly RolloutSource[];
  /** Agent ids by name (ids follow first appearance; failures may add agents that have no rollout). */
  readonly agentIds = new NameIds();
  readonly columnNames = new NameIds();
  #records!: SortedRecords<RolloutRecord>;
  readonly #ranges = new Map<number, AgentRange>();
  #reader: LineReader | undefined;

  private constructor(sources: readonly RolloutSource[]) {
    this.sources = sources;
  }

  /** Read every source once; throws an InputError naming the files and tasks when a rollout appears twice. */
  static async build(sources: readonly RolloutSource[], spill: SpillDir, signal?: AbortSignal): Promise<RolloutStore> {
    const store = new RolloutStore(sources);
    const sorter = new ExternalSorter({ codec: rolloutRecordCodec, keyCount: ROLLOUT_KEY_COUNT, spill, name: 'rollouts' });
    let read = 0;
    for (const [file, source] of sources.entries()) {
      for await (const line of locatedLines(source.path, source.shown)) {
        if (++read % YIELD_EVERY === 0) signal?.throwIfAborted();
        const row = renumberRow(line.value, source.replica);
        const { _ng_task_index: task, _ng_rollout_index: rollout } = indicesOf(row);
        const agent = store.agentIds.idOf(agentNameOf(row) ?? 'agent');
        sorter.add(rolloutRecordOf(row, { agent, task, rollout }, { file, offset: line.offset, length: line.length }, store.columnNames));
      }
    }
    store.#records = sorter.finish();
    try {
      await store.#index(signal);
    } catch (error) {
      store.close();
      throw error;
    }
    return store;
  }

  get size(): number {
    return this.#records.count;
  }

  /** Names of the agents that have rollouts, sorted. */
  agents(): string[] {
    return [...this.#ranges.keys()].map((id) => this.agentIds.names[id]!).sort();
  }

  /** How many rollouts the agent has. */
  countOf(agent: string): number {
    return this.#rangeOf(agent)?.count ?? 0;
  }

  /** The agent's rollouts in (task, rollout) order, from `position` (a cursor's) or from its first. */
  rolloutsOf(agent: string, position?: number): RecordCursor<RolloutRecord> {
    const range = this.#rangeOf(agent);
    if (range === undefined) return { position: 0, next: () => undefined };
    const cursor = this.#records.cursor(position ?? range.position);
    const id = this.agentIds.idOf(agent);
    return {
      get position() {
        return cursor.position;
      },
      next() {
        const record = cursor.next();
        return record !== undefined && record.agent === id ? record : undefined;
      },
    };
  }

  /** Every rollout, agents in id order (how they are sorted). */
  all(): RecordCursor<RolloutRecord> {
    return this.#records.cursor();
  }

  /** Parse a rollout's line again (indices renumbered as in `build`). */
  readRow(record: RolloutRecord): Record<string, unknown> {
    this.#reader ??= new LineReader(this.sources.map((source) => source.path));
    const value = JSON.parse(this.#reader.read(record.file, record.offset, record.length)) as Record<string, unknown>;
    return renumberRow(value, this.sources[record.file]!.replica);
  }

  close(): void {
    this.#reader?.close();
    this.#reader = undefined;
    this.#records?.dispose();
  }

  #rangeOf(agent: string): AgentRange | undefined {
    return this.agentIds.has(agent) ? this.#ranges.get(this.agentIds.idOf(agent)) : undefined;
  }

  /** One pass: where each agent's rollouts start, and rollouts that appear twice. */
  async #index(signal?: AbortSignal): Promise<void> {
    const overlaps = new OverlapReport(this.agentIds.names, this.sources);
    const cursor = this.#records.cursor();
    let previous: RolloutRecord | undefined;
    let read = 0;
    for (let at = cursor.position, record = cursor.next(); record !== undefined; at = cursor.position, record = cursor.next()) {
      const range = this.#ranges.get(record.agent);
      if (range === undefined) this.#ranges.set(record.agent, { position: at, count: 1 });
      else range.count++;
      if (previous !== undefined && previous.agent === record.agent && previous.task === record.task && previous.rollout === record.rollout) overlaps.add(previous, record);
      previous = record;
      if (++read % YIELD_EVERY === 0) {
        await new Promise(setImmediate);
        signal?.throwIfAborted();
      }
    }
    if (overlaps.count > 0) throw overlaps.error();
  }
}

/** Rollouts that appear twice, grouped by the pair of files holding them; memory bounded by what is listed. */
class OverlapReport {
  count = 0;
  readonly #agentNames: readonly string[];
  readonly #sources: readonly RolloutSource[];
  readonly #byFiles = new Map<string, { lastTask: string; tasks: number; listed: Map<string, { rollouts: number[]; more: number }> }>();

  constructor(agentNames: readonly string[], sources: readonly RolloutSource[]) {
    this.#agentNames = agentNames;
    this.#sources = sources;
  }

  add(first: RolloutRecord, second: RolloutRecord): void {
    this.count++;
    const files = `${first.file}:${second.file}`;
    let pair = this.#byFiles.get(files);
    if (pair === undefined) this.#byFiles.set(files, (pair = { lastTask: '', tasks: 0, listed: new Map() }));
    const task = `${this.#agentNames[first.agent]} task ${first.task}`;
    // Records come in (agent, task) order, so a pair of files sees each of its tasks in one run.
    if (pair.tasks === 0 || pair.lastTask !== task) {
      pair.tasks++;
      pair.lastTask = task;
      if (pair.listed.size < MAX_LISTED) pair.listed.set(task, { rollouts: [], more: 0 });
    }
    const listed = pair.listed.get(task);
    if (listed === undefined) return;
    if (listed.rollouts.length < MAX_LISTED_ROLLOUTS) listed.rollouts.push(first.rollout);
    else listed.more++;
  }

  error(): InputError {
    const lines: string[] = [];
    for (const [files, pair] of this.#byFiles) {
      const [a, b] = files.split(':').map((file) => this.#sources[Number(file)]!.shown);
      const listed = [...pair.listed].map(([task, { rollouts, more }]) => {
        const all = rollouts.length + more;
        return `${task} (rollout${all > 1 ? 's' : ''} ${rollouts.join(', ')}${more > 0 ? `, ... (${all} rollouts)` : ''})`;
      });
      const more = pair.tasks > MAX_LISTED ? `, and ${pair.tasks - MAX_LISTED} more tasks` : '';
      lines.push(a === b ? `- ${a} holds these rollouts twice: ${listed.join('; ')}${more}` : `- ${a} and ${b} both hold: ${listed.join('; ')}${more}`);
    }
    const replicas = this.#sources.some((source) => source.replica !== undefined);
    return new InputError(`the rollouts overlap: ${this.count} rollout${this.count === 1 ? '' : 's'} (agent, _ng_task_index, _ng_rollout_index) appear more than once`, {
      details: lines.join('\n'),
      hint: replicas
        ? 'a replica must not repeat a rollout index; check that each file is one whole run'
        : 'each shard must hold other tasks: check that the glob does not match two copies of one shard; seed replicas (each job ran the whole input) merge with +shard_mode=replica',
    });
  }
}
