// What an earlier (possibly killed) run already did, for each row the run walks (the materialized inputs, in
// their order): done, out of attempts, or to run with its attempt index. Computed by sorting the rollouts, the
// failures and the walked rows by key on disk (past a memory limit) and sorting the answers back into walk order:
// memory does not grow with the rollouts, so a resume of 1,000,000 rollouts costs what one of 1,000 does.
import { existsSync } from 'node:fs';
import { numbersCodec } from '../metrics/byte-codec.ts';
import { ExternalSorter, type RecordCursor } from '../metrics/external-sort.ts';
import { SpillDir, type SpillLimits } from '../metrics/spill-dir.ts';
import { readJsonl } from './jsonl-reader.ts';
import { indicesOf } from './rollout-key.ts';

/** The rows a run walks, in order: a file's non-blank lines, the first `limit` of them (0: all). */
export interface ResumeWalk {
  path: string;
  displayPath?: string;
  limit?: number;
}

export interface ResumeState {
  /** Distinct rollouts already done (in the rollouts file, walked or not). */
  readonly doneCount: number;
  /** Says, row by row in walk order, what each row still needs (a new cursor for each walk). */
  rows(): ResumeCursor;
  /** Free the temp files, if any. */
  dispose(): void;
}

export interface ResumeCursor {
  /** The next walked row: the attempt index to run it with, or undefined when it is done or out of attempts. */
  next(row: Record<string, unknown>): number | undefined;
}

/** A fresh run: every row runs, as its first attempt. */
export function emptyResumeState(): ResumeState {
  return { doneCount: 0, rows: () => ({ next: () => 0 }), dispose: () => {} };
}

const DONE = 0;
const FAILED = 1;
const FAILED_TERMINAL = 2;
const WALKED = 3;
/** Status of a walked row that does not run. */
const SKIP = -1;

/** A row of one of the three files, by key (task, rollout, kind); walked rows carry their position in the walk. */
const keyedCodec = numbersCodec(['task', 'rollout', 'kind', 'ordinal']);

/** What a walked row needs, by its position in the walk (and its key, to check the walk is the same). */
const statusCodec = numbersCodec(['ordinal', 'task', 'rollout', 'attempt']);
type RowStatus = ReturnType<typeof statusCodec.read>;

/**
 * Read the rollouts file and the failures sidecar (both already repaired of torn lines) against the rows of
 * `walk`: a key done is skipped, a key whose failure was terminal (`_ng_failure_terminal`) too, and a key that
 * failed `maxAttempts` times; any other runs with its count of failures as attempt index.
 */
export async function loadResumeState(rolloutsPath: string, failuresPath: string, walk: ResumeWalk, maxAttempts: number, spillLimits?: Partial<SpillLimits>): Promise<ResumeState> {
  const spill = new SpillDir(`${rolloutsPath}.resume-`, spillLimits);
  try {
    const { doneCount, statuses } = await verdicts(rolloutsPath, failuresPath, walk, maxAttempts, spill);
    return {
      doneCount,
      rows: () => statusCursor(statuses.cursor(), walk),
      dispose: () => {
        statuses.dispose();
        spill.dispose();
      },
    };
  } catch (error) {
    spill.dispose();
    throw error;
  }
}

/** The verdict of every walked row, in walk order, and the number of distinct done keys. */
async function verdicts(rolloutsPath: string, failuresPath: string, walk: ResumeWalk, maxAttempts: number, spill: SpillDir) {
  const byKey = new ExternalSorter({ codec: keyedCodec, keyCount: 3, spill, name: 'keys' });
  const add = (row: Record<string, unknown>, kind: number, ordinal = 0): void => {
    const { _ng_task_index: task, _ng_rollout_index: rollout } = indicesOf(row);
    byKey.add({ task, rollout, kind, ordinal });
  };
  if (existsSync(rolloutsPath)) for await (const { value } of readJsonl(rolloutsPath)) add(value, DONE);
  if (existsSync(failuresPath)) for await (const { value } of readJsonl(failuresPath)) add(value, value._ng_failure_terminal === true ? FAILED_TERMINAL : FAILED);
  let walked = 0;
  for await (const { value } of walkedRows(walk)) add(value, WALKED, walked++);

  const keyed = byKey.finish();
  const byOrdinal = new ExternalSorter({ codec: statusCodec, keyCount: 1, spill, name: 'status' });
  let doneCount = 0;
  try {
    // Sorted by (task, rollout, kind): a key's done rows, then its failures, then its walked rows.
    const cursor = keyed.cursor();
    let row = cursor.next();
    while (row !== undefined) {
      const { task, rollout } = row;
      let done = false;
      let failures = 0;
      let terminal = false;
      for (; row !== undefined && row.task === task && row.rollout === rollout; row = cursor.next()) {
        if (row.kind === DONE) done = true;
        else if (row.kind !== WALKED) {
          failures++;
          terminal ||= row.kind === FAILED_TERMINAL;
        } else {
          const runs = !done && !terminal && failures < maxAttempts;
          byOrdinal.add({ ordinal: row.ordinal, task: row.task, rollout: row.rollout, attempt: runs ? failures : SKIP });
        }
      }
      if (done) doneCount++;
    }
  } finally {
    keyed.dispose();
  }
  return { doneCount, statuses: byOrdinal.finish() };
}

async function* walkedRows(walk: ResumeWalk): AsyncGenerator<{ value: Record<string, unknown> }> {
  let count = 0;
  for await (const line of readJsonl(walk.path, { displayPath: walk.displayPath })) {
    if (walk.limit !== undefined && walk.limit > 0 && count >= walk.limit) return;
    count++;
    yield line;
  }
}

function statusCursor(statuses: RecordCursor<RowStatus>, walk: ResumeWalk): ResumeCursor {
  return {
    next(row) {
      const status = statuses.next();
      const { _ng_task_index: task, _ng_rollout_index: rollout } = indicesOf(row);
      if (status === undefined || status.task !== task || status.rollout !== rollout) {
        throw new Error(`the resume state of ${walk.path} was read for other rows than the run walks (row (${task}, ${rollout}))`);
      }
      return status.attempt === SKIP ? undefined : status.attempt;
    },
  };
}
