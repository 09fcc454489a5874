// Task and rollout numbering of input rows (SPEC 8.2), computed with the external sort instead of maps of every
// task: a row's task is its `_ng_task_index`, else the rank of its line text's first appearance among rows without
// one (identical lines are one task); its rollouts continue after those of the task's earlier rows. Memory does
// not grow with the number of tasks, so an input of 1,000,000 distinct rows costs what one of 1,000 does.
import { createHash } from 'node:crypto';
import { numbersCodec } from '../metrics/byte-codec.ts';
import { ExternalSorter, type RecordCursor } from '../metrics/external-sort.ts';
import { SpillDir, type SpillLimits } from '../metrics/spill-dir.ts';
import { readJsonl } from './jsonl-reader.ts';
import { shardOfTask, type ShardSpec } from './shard-partition.ts';

export interface NumberingOptions {
  inputPath: string;
  inputDisplayPath: string;
  /** Input rows to read (0: all). */
  limit: number;
  /** How many rollouts a row gets. */
  repeatsOf(row: Record<string, unknown>): number;
  /** Count the tasks that fall in this shard too. */
  shard?: ShardSpec | undefined;
  /** Where temp files go (past the sorts' memory), e.g. the output's path. */
  spillPrefix: string;
  spillLimits?: Partial<SpillLimits>;
}

export interface TaskNumbering {
  /** Distinct tasks of the rows read, and how many of them are the shard's. */
  readonly tasks: number;
  readonly tasksInShard: number;
  /** The task and first rollout index of the row at `lineNumber`; ask in increasing line order. */
  at(lineNumber: number): { task: number; firstRollout: number };
  dispose(): void;
}

/** Task identity is the raw line text (as NeMo Gym); a 53-bit digest of it. */
function lineDigest(raw: string): number {
  const digest = createHash('sha256').update(raw).digest();
  return digest.readUIntBE(0, 6) * 32 + (digest[6]! >> 3);
}

/** Three numbers, the first two the sort key (e.g. digest and line, task and line). */
const tripleCodec = numbersCodec(['a', 'b', 'c']);
type Triple = ReturnType<typeof tripleCodec.read>;

function drain(cursor: RecordCursor<Triple>, visit: (triple: Triple) => void): void {
  for (let triple = cursor.next(); triple !== undefined; triple = cursor.next()) visit(triple);
}

/** Read the input once and number every row (up to the limit). */
export async function numberTasks(options: NumberingOptions): Promise<TaskNumbering> {
  const spill = new SpillDir(options.spillPrefix, options.spillLimits);
  try {
    return await numbered(options, spill);
  } catch (error) {
    spill.dispose();
    throw error;
  }
}

async function numbered(options: NumberingOptions, spill: SpillDir): Promise<TaskNumbering> {
  const sorter = (name: string, keyCount = 2) => new ExternalSorter({ codec: tripleCodec, keyCount, spill, name });
  // (digest, line, repeats) of rows without a task index; (task, line, repeats) of the others.
  const byDigest = sorter('digests');
  const byTask = sorter('tasks');
  let rows = 0;
  for await (const { lineNumber, raw, value } of readJsonl(options.inputPath, { displayPath: options.inputDisplayPath })) {
    if (options.limit > 0 && rows >= options.limit) break;
    rows++;
    const repeats = options.repeatsOf(value);
    if (typeof value._ng_task_index === 'number') byTask.add({ a: value._ng_task_index, b: lineNumber, c: repeats });
    else byDigest.add({ a: lineDigest(raw), b: lineNumber, c: repeats });
  }
  // Identical lines: each row learns the line of its text's first appearance, (first line, line, repeats)...
  const byFirstLine = sorter('first-lines');
  const digests = byDigest.finish();
  let digest = Number.NaN;
  let firstLine = 0;
  drain(digests.cursor(), ({ a, b, c }) => {
    if (a !== digest) [digest, firstLine] = [a, b];
    byFirstLine.add({ a: firstLine, b, c });
  });
  digests.dispose();
  // ... and the rank of that first line among the texts' first lines is its task.
  const firstLines = byFirstLine.finish();
  let task = -1;
  let previousFirst = Number.NaN;
  drain(firstLines.cursor(), ({ a, b, c }) => {
    if (a !== previousFirst) [previousFirst, task] = [a, task + 1];
    byTask.add({ a: task, b, c });
  });
  firstLines.dispose();
  // A task's rows in line order: each starts its rollouts where the one before ended. (line, task, first rollout).
  const byLine = sorter('lines', 1);
  const tasks = byTask.finish();
  let current = Number.NaN;
  let nextRollout = 0;
  let distinct = 0;
  let inShard = 0;
  drain(tasks.cursor(), ({ a, b, c }) => {
    if (a !== current || distinct === 0) {
      [current, nextRollout] = [a, 0];
      distinct++;
      if (options.shard && shardOfTask(a, options.shard.count) === options.shard.index) inShard++;
    }
    byLine.add({ a: b, b: a, c: nextRollout });
    nextRollout += c;
  });
  tasks.dispose();
  const lines = byLine.finish();
  const cursor = lines.cursor();
  return {
    tasks: distinct,
    tasksInShard: inShard,
    at(lineNumber) {
      for (let triple = cursor.next(); triple !== undefined; triple = cursor.next()) {
        if (triple.a === lineNumber) return { task: triple.b, firstRollout: triple.c };
      }
      throw new Error(`line ${lineNumber} of ${options.inputDisplayPath} was not numbered (asked out of order?)`);
    },
    dispose() {
      lines.dispose();
      spill.dispose();
    },
  };
}
