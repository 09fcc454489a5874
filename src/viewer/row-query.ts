// Filtering, sorting and paging the rows of a run from the in-memory summaries.
import type { RolloutRun, RowRef } from './run.ts';
import type { RowTable } from './row-table.ts';

export interface RowFilter {
  minReward?: number;
  maxReward?: number;
  agent?: string;
  failuresOnly?: boolean;
  text?: string;
  /** Match `text` exactly, case included (default: any case). */
  exactCase?: boolean;
}

export type RowSort = 'file' | 'task' | 'reward' | 'reward_desc';

/** One line of the list view. */
export interface RowListing {
  id: string;
  task: number | null;
  rollout: number | null;
  agent: string;
  reward: number | null;
  failureClass: string | null;
}

export function listingOf(run: RolloutRun, ref: RowRef): RowListing {
  const summary = run.summaryOf(ref);
  return {
    id: ref.id,
    task: summary.task < 0 ? null : summary.task,
    rollout: summary.rollout < 0 ? null : summary.rollout,
    agent: summary.agent,
    reward: Number.isNaN(summary.reward) ? null : summary.reward,
    failureClass: summary.failureClass === '' ? null : summary.failureClass,
  };
}

/** A predicate over row `i` of `table` for the summary part of a filter (text is matched elsewhere). */
export function summaryPredicate(table: RowTable, filter: RowFilter): (i: number) => boolean {
  const { minReward, maxReward, agent, failuresOnly } = filter;
  const agentId = agent === undefined ? -1 : table.agents.values.indexOf(agent);
  return (i) => {
    if (failuresOnly && table.failureIds[i] === 0) return false;
    if (agent !== undefined && table.agentIds[i] !== agentId) return false;
    if (minReward !== undefined || maxReward !== undefined) {
      const reward = table.rewards[i]!;
      if (Number.isNaN(reward)) return false;
      if (minReward !== undefined && reward < minReward) return false;
      if (maxReward !== undefined && reward > maxReward) return false;
    }
    return true;
  };
}

/** Ordinals (list positions) of every row matching the summary filter, sorted as asked. */
export function matchingOrdinals(run: RolloutRun, filter: RowFilter, sort: RowSort): number[] {
  const result: number[] = [];
  let base = 0;
  for (const source of [run.rollouts, run.failures]) {
    const table = source.table;
    const accepts = summaryPredicate(table, filter);
    for (let i = 0; i < table.length; i++) if (accepts(i)) result.push(base + i);
    base += table.length;
  }
  return sortOrdinals(run, result, sort);
}

/** `ordinals` (list positions) in the asked order; rows without a reward last when sorting by reward. */
export function sortOrdinals(run: RolloutRun, ordinals: number[], sort: RowSort): number[] {
  if (sort === 'file') return ordinals;
  const result = ordinals;
  const key = (ordinal: number): [number, number] => {
    const ref = run.refAt(ordinal);
    const table = ref.source.table;
    if (sort === 'task') return [table.tasks[ref.index]!, table.rollouts[ref.index]!];
    const reward = table.rewards[ref.index]!;
    const value = Number.isNaN(reward) ? Number.POSITIVE_INFINITY : sort === 'reward' ? reward : -reward;
    return [value, ordinal];
  };
  const keys = new Map(result.map((ordinal) => [ordinal, key(ordinal)]));
  return result.sort((a, b) => {
    const [a1, a2] = keys.get(a)!;
    const [b1, b2] = keys.get(b)!;
    return a1 - b1 || a2 - b2 || a - b;
  });
}

/** One page of the list: rows [offset, offset + limit) of the filtered, sorted rows. */
export function pageOfRows(run: RolloutRun, filter: RowFilter, sort: RowSort, offset: number, limit: number): { rows: RowListing[]; total: number } {
  const unfiltered = filter.minReward === undefined && filter.maxReward === undefined && filter.agent === undefined && !filter.failuresOnly;
  if (unfiltered && sort === 'file') {
    const rows: RowListing[] = [];
    for (let ordinal = offset; ordinal < Math.min(run.rowCount, offset + limit); ordinal++) rows.push(listingOf(run, run.refAt(ordinal)));
    return { rows, total: run.rowCount };
  }
  const ordinals = matchingOrdinals(run, filter, sort);
  const rows = ordinals.slice(offset, offset + limit).map((ordinal) => listingOf(run, run.refAt(ordinal)));
  return { rows, total: ordinals.length };
}
