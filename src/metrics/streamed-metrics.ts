// NeMo Gym's aggregate metrics for one agent (what AggregateMetricsAccumulator computes), from its rollout records
// read in (task, rollout) order: one pass for the agent-level metrics, then each task group written as it is
// read, its rollout_infos one at a time. Memory holds no rollout and no task: a task of 200,000 rollouts streams
// too. The arithmetic and the key order are the accumulator's, so the bytes are the same.
import type { StreamedJson } from '../rollouts/json-stream.ts';
import { statKeysOfSummaries } from './column-stats.ts';
import type { RecordCursor } from './external-sort.ts';
import { PassAtKStream } from './pass-at-k.ts';
import type { NameIds, RolloutRecord } from './rollout-records.ts';
import type { SpillDir } from './spill-dir.ts';
import { StreamedColumn } from './streamed-column.ts';

/** An agent's columns, ordered by first appearance in (task, rollout) order. */
export interface AgentColumns {
  names: string[];
  /** Column id (NameIds) -> position in `names`. */
  indexOf: Map<number, number>;
  /** Positions in `names`, in the order rollout_infos lists them: reward, usage columns, the others. */
  infoOrder: number[];
  hasReward: boolean;
}

export interface AgentMetricsPass {
  agentMetrics: Record<string, number>;
  columns: AgentColumns;
  rows: number;
}

/** Records to read between turns of the event loop (so that Ctrl-C is seen during a long pass). */
const YIELD_EVERY = 8192;

async function breathe(count: number, signal: AbortSignal | undefined): Promise<void> {
  if (count % YIELD_EVERY !== 0) return;
  await new Promise(setImmediate);
  signal?.throwIfAborted();
}

/** The agent-level metrics (statistics of every column, pass@k / mean@k) in one pass over its records. */
export async function agentMetricsOf(records: RecordCursor<RolloutRecord>, columnNames: NameIds, spill: SpillDir, signal?: AbortSignal): Promise<AgentMetricsPass> {
  const stats: StreamedColumn[] = [];
  const names: string[] = [];
  const indexOf = new Map<number, number>();
  const fromUsage: boolean[] = [];
  const passAtK = new PassAtKStream();
  let rewardIndex = -1;
  let rows = 0;
  try {
    for (let record = records.next(); record !== undefined; record = records.next()) {
      await breathe(++rows, signal);
      let reward = Number.NaN;
      for (let i = 0; i < record.columns.length; i++) {
        let index = indexOf.get(record.columns[i]!);
        if (index === undefined) {
          index = names.length;
          indexOf.set(record.columns[i]!, index);
          names.push(columnNames.names[record.columns[i]!]!);
          fromUsage.push(record.fromUsage[i] === 1);
          stats.push(new StreamedColumn(spill));
          if (names[index] === 'reward') rewardIndex = index;
        }
        stats[index]!.add(record.values[i]!);
        if (index === rewardIndex) reward = record.values[i]!;
      }
      passAtK.add(record.task, reward);
    }
    const agentMetrics = rows === 0 ? {} : statKeysOfSummaries(names.map((name, i) => [name, stats[i]!.summary()] as const), rows);
    if (rewardIndex >= 0) Object.assign(agentMetrics, passAtK.finish());
    const usage = names.flatMap((_, i) => (fromUsage[i] ? [i] : []));
    const infoOrder = [...(rewardIndex >= 0 ? [rewardIndex] : []), ...usage, ...names.flatMap((_, i) => (i !== rewardIndex && !fromUsage[i] ? [i] : []))];
    return { agentMetrics, columns: { names, indexOf, infoOrder, hasReward: rewardIndex >= 0 }, rows };
  } finally {
    for (const column of stats) column.reset();
  }
}

/** NeMo Gym's rows inside `/aggregate_metrics` all carry `agent_ref: {name: "agent"}`, so that is every group's `sample`. */
const SAMPLE_AGENT_REF = { name: 'agent' };

const FLUSH_CHARS = 64 * 1024;

/**
 * The agent's `group_level_metrics`, one per task in task order, each written by `writeJson` as
 * `indentedJson(group, indent)` would write it. `open(position)` gives the agent's records from a position.
 */
export async function* groupLevelMetrics(
  open: (position?: number) => RecordCursor<RolloutRecord>,
  columns: AgentColumns,
  spill: SpillDir,
  signal?: AbortSignal,
): AsyncGenerator<StreamedJson> {
  const stats = columns.names.map(() => new StreamedColumn(spill));
  const cursor = open();
  try {
    let start = cursor.position;
    let record = cursor.next();
    let read = 0;
    while (record !== undefined) {
      const task = record.task;
      let count = 0;
      let next: RolloutRecord | undefined = record;
      let nextStart = start;
      while (next !== undefined && next.task === task) {
        await breathe(++read, signal);
        for (let i = 0; i < next.columns.length; i++) stats[columns.indexOf.get(next.columns[i]!)!]!.add(next.values[i]!);
        count++;
        nextStart = cursor.position;
        next = cursor.next();
      }
      const head = {
        _ng_task_index: task,
        ...statKeysOfSummaries(columns.names.map((name, i) => [name, stats[i]!.summary()] as const), count),
        sample: { agent_ref: SAMPLE_AGENT_REF },
        num_rollouts: count,
        expected_num_rollouts: count,
        missing_num_rollouts: 0,
        reward_profile_completion_pct: 100.0,
      };
      for (const column of stats) column.reset();
      yield groupWriter(head, open, start, count, columns);
      start = nextStart;
      record = next;
    }
  } finally {
    for (const column of stats) column.reset();
  }
}

/** Writes `{...head, rollout_infos: [...]}` with the infos read from the group's records. */
function groupWriter(head: Record<string, unknown>, open: (position?: number) => RecordCursor<RolloutRecord>, start: number, count: number, columns: AgentColumns): StreamedJson {
  return {
    writeJson(write, indent) {
      const newline = `\n${' '.repeat(indent)}`;
      const headText = JSON.stringify(head, null, 2);
      // `{...head` without its closing line, then the infos as JSON.stringify lays out the last member.
      let text = `${headText.slice(0, -2)},\n  "rollout_infos": [`.replace(/\n/g, newline);
      const infoNewline = `${newline}    `;
      const cursor = open(start);
      const values = new Float64Array(columns.names.length);
      for (let i = 0; i < count; i++) {
        const record = cursor.next()!;
        values.fill(Number.NaN);
        for (let c = 0; c < record.columns.length; c++) values[columns.indexOf.get(record.columns[c]!)!] = record.values[c]!;
        const info: Record<string, number | string> = { rollout_id: `${record.task}:${record.rollout}`, _ng_task_index: record.task, _ng_rollout_index: record.rollout };
        for (const index of columns.infoOrder) if (!Number.isNaN(values[index]!)) info[columns.names[index]!] = values[index]!;
        text += `${i === 0 ? '' : ','}${infoNewline}${JSON.stringify(info, null, 2).replace(/\n/g, infoNewline)}`;
        if (text.length >= FLUSH_CHARS) {
          write(text);
          text = '';
        }
      }
      write(`${text}${newline}  ]${newline}}`);
    },
  };
}
