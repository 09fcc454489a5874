// The JSON API of the viewer: every handler takes parsed query parameters and returns a JSON-able value.
import type { CompareIndex } from './compare-index.ts';
import { listingOf, pageOfRows, sortOrdinals, type RowFilter, type RowSort } from './row-query.ts';
import { previewsOf } from './row-preview.ts';
import { computeRunStats } from './run-stats.ts';
import type { RolloutRun, RowRef } from './run.ts';
import { searchRows } from './text-search.ts';

export interface ViewerRuns {
  a: RolloutRun;
  b: RolloutRun | undefined;
  compare: CompareIndex | undefined;
}

/** A request the API cannot answer; becomes a 4xx with `{error}`. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const MAX_PAGE = 500;

function numberParam(query: URLSearchParams, key: string): number | undefined {
  const text = query.get(key);
  if (text === null || text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new ApiError(400, `${key} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

function runParam(runs: ViewerRuns, query: URLSearchParams): RolloutRun {
  const name = query.get('run') ?? 'a';
  if (name === 'a') return runs.a;
  if (name === 'b' && runs.b) return runs.b;
  throw new ApiError(404, `no run ${JSON.stringify(name)}`);
}

export function filterFrom(query: URLSearchParams): RowFilter {
  return {
    minReward: numberParam(query, 'min_reward'),
    maxReward: numberParam(query, 'max_reward'),
    agent: query.get('agent') || undefined,
    failuresOnly: query.get('failures_only') === '1' || query.get('failures_only') === 'true',
    text: query.get('q') || undefined,
    exactCase: query.get('exact') === '1' || query.get('exact') === 'true',
  };
}

function indexing(run: RolloutRun): { rows: number; complete: boolean } {
  return { rows: run.rowCount, complete: run.complete };
}

export function infoRoute(runs: ViewerRuns): unknown {
  const describe = (run: RolloutRun) => ({
    label: run.label,
    path: run.rollouts.path,
    failuresPath: run.failures.exists ? run.failures.path : null,
    aggregatePath: run.aggregatePath,
    agents: [...new Set([...run.rollouts.table.agents.values, ...run.failures.table.agents.values])].filter(Boolean).sort(),
    failureClasses: [...new Set([...run.rollouts.table.failureClasses.values, ...run.failures.table.failureClasses.values])].filter(Boolean).sort(),
    indexing: indexing(run),
  });
  return { a: describe(runs.a), b: runs.b ? describe(runs.b) : null };
}

export async function rowsRoute(runs: ViewerRuns, query: URLSearchParams): Promise<unknown> {
  const run = runParam(runs, query);
  const filter = filterFrom(query);
  const limit = Math.min(MAX_PAGE, Math.max(1, Math.trunc(numberParam(query, 'limit') ?? 50)));
  const sort = (query.get('sort') ?? 'file') as RowSort;
  if (!['file', 'task', 'reward', 'reward_desc'].includes(sort)) throw new ApiError(400, `unknown sort ${JSON.stringify(sort)}`);
  const withCompare = <T extends { task: number | null; rollout: number | null }>(row: T) => {
    if (run !== runs.a || !runs.compare || row.task === null || row.rollout === null) return row;
    const other = runs.compare.sameRollout(row.task, row.rollout);
    return { ...row, compareReward: other ? listingOf(runs.compare.run, other).reward : undefined };
  };
  // Each listed row with its one-line previews (the prompt and the final answer).
  const listed = async (refs: RowRef[]) => {
    const previews = await previewsOf(refs);
    return refs.map((ref, i) => withCompare({ ...listingOf(run, ref), ...previews[i]! }));
  };
  const offset = Math.max(0, Math.trunc(numberParam(query, 'offset') ?? 0));
  if (filter.text && sort === 'file') {
    // File order: matches page by page as the scan finds them.
    const cursor = Math.max(0, Math.trunc(numberParam(query, 'cursor') ?? 0));
    const { refs, nextCursor } = await searchRows(run, filter, cursor, limit);
    return { rows: await listed(refs), total: null, nextCursor, indexing: indexing(run) };
  }
  if (filter.text) {
    // Sorted matches need every match first (kept for the next pages while the file is unchanged).
    const ordinals = sortOrdinals(run, await everyMatch(run, filter), sort);
    return { rows: await listed(ordinals.slice(offset, offset + limit).map((ordinal) => run.refAt(ordinal))), total: ordinals.length, offset, indexing: indexing(run) };
  }
  await run.rollouts.whenRows(offset + limit);
  const page = pageOfRows(run, filter, sort, offset, limit);
  return { rows: await listed(page.rows.map((row) => run.refById(row.id)!)), total: page.total, offset, indexing: indexing(run) };
}

const lastSearch = new WeakMap<RolloutRun, { key: string; ordinals: number[] }>();

/** List positions of every row matching `filter` (its text included), in file order. */
async function everyMatch(run: RolloutRun, filter: RowFilter): Promise<number[]> {
  const key = JSON.stringify([filter, run.rowCount, run.rollouts.generation, run.failures.generation]);
  const cached = lastSearch.get(run);
  if (cached?.key === key) return [...cached.ordinals];
  const { refs } = await searchRows(run, filter, 0, Number.POSITIVE_INFINITY);
  const ordinals = refs.map((ref) => run.ordinalOf(ref));
  lastSearch.set(run, { key, ordinals });
  return [...ordinals];
}

/** One rollout: the raw row text is spliced in unparsed-by-us but validated, so multi-MB rows stay cheap. */
export async function rolloutRoute(runs: ViewerRuns, query: URLSearchParams): Promise<string> {
  const run = runParam(runs, query);
  const ref = run.refById(query.get('id') ?? '');
  if (!ref) throw new ApiError(404, `no row ${JSON.stringify(query.get('id'))} in this run`);
  const text = await ref.source.readRowText(ref.index);
  const head = JSON.stringify({ id: ref.id, source: ref.source.kind, line: ref.index, listing: listingOf(run, ref) }).slice(0, -1);
  try {
    JSON.parse(text);
    return `${head},"row":${text}}`;
  } catch (error) {
    return `${head},"error":${JSON.stringify(`this line is not valid JSON: ${(error as Error).message}`)},"raw":${JSON.stringify(text.slice(0, 200_000))}}`;
  }
}

/** Rows of the compare run for the same task (and the same rollout when it exists). */
export function matchRoute(runs: ViewerRuns, query: URLSearchParams): unknown {
  if (!runs.compare || !runs.b) throw new ApiError(404, 'no compare run: start ng_viewer with +compare_jsonl_fpath=<file>');
  const task = numberParam(query, 'task');
  const rollout = numberParam(query, 'rollout');
  if (task === undefined) throw new ApiError(400, 'task is required');
  const exact = rollout === undefined ? undefined : runs.compare.sameRollout(task, rollout);
  const b = runs.b;
  return { exact: exact?.id ?? null, sameTask: runs.compare.sameTask(task).slice(0, 200).map((ref) => listingOf(b, ref)) };
}

export async function statsRoute(runs: ViewerRuns, query: URLSearchParams): Promise<unknown> {
  const run = runParam(runs, query);
  const aggregate = await run.aggregateMetrics();
  return { ...computeRunStats(run, { ...filterFrom(query), text: undefined }, aggregate), hasAggregate: aggregate !== undefined, indexing: indexing(run) };
}

export async function aggregateRoute(runs: ViewerRuns, query: URLSearchParams): Promise<unknown> {
  return { aggregate: (await runParam(runs, query).aggregateMetrics()) ?? null };
}
