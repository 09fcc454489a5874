// Old rewards against re-verified ones: how many changed, by how much, and in which tasks.
import { readJsonl } from '../rollouts/jsonl-reader.ts';
import { agentNameOf, indicesOf, keyOfRow } from '../rollouts/rollout-key.ts';
import { JsonlAppender } from '../rollouts/run-files.ts';
import { rewardOf, type RolloutKey } from './recorded-rollouts.ts';

interface TaskTally {
  agent: string;
  compared: number;
  changed: number;
  /** The first few changes: rollout index and `old -> new`. */
  examples: [number, string][];
}

export interface RewardChange {
  _ng_task_index: number;
  _ng_rollout_index: number;
  agent: string;
  reward_before: number | null;
  reward_after: number | null;
}

function shown(value: number | null): string {
  return value === null ? 'none' : String(Number(value.toFixed(4)));
}

export class RewardComparison {
  compared = 0;
  changed = 0;
  #up = 0;
  #down = 0;
  #sumBefore = 0;
  #sumAfter = 0;
  #bothNumeric = 0;
  #sumAbsDelta = 0;
  #maxAbsDelta = 0;
  readonly #tasks = new Map<number, TaskTally>();

  /** Compare one re-verified rollout with its recorded reward; returns the change, if it is one. */
  add(task: number, rollout: number, agent: string, before: number | null, after: number | null): RewardChange | undefined {
    this.compared++;
    let tally = this.#tasks.get(task);
    if (tally === undefined) this.#tasks.set(task, (tally = { agent, compared: 0, changed: 0, examples: [] }));
    tally.compared++;
    if (before !== null && after !== null) {
      this.#bothNumeric++;
      this.#sumBefore += before;
      this.#sumAfter += after;
    }
    if (before === after) return undefined;
    this.changed++;
    tally.changed++;
    if (tally.examples.length < 4) tally.examples.push([rollout, `${shown(before)} -> ${shown(after)}`]);
    if (before !== null && after !== null) {
      const delta = after - before;
      if (delta > 0) this.#up++;
      else this.#down++;
      this.#sumAbsDelta += Math.abs(delta);
      this.#maxAbsDelta = Math.max(this.#maxAbsDelta, Math.abs(delta));
    }
    return { _ng_task_index: task, _ng_rollout_index: rollout, agent, reward_before: before, reward_after: after };
  }

  /** The report lines: totals, the size of the changes, then the tasks with changes (the first `maxTasks`). */
  report(maxTasks = 20): string[] {
    const lines = [`Rewards: ${this.changed} of ${this.compared} re-verified rollouts changed, ${this.compared - this.changed} unchanged.`];
    if (this.#bothNumeric > 0) {
      const before = this.#sumBefore / this.#bothNumeric;
      const after = this.#sumAfter / this.#bothNumeric;
      const delta = after - before;
      lines.push(`  mean reward ${before.toFixed(4)} -> ${after.toFixed(4)} (${delta >= 0 ? '+' : ''}${delta.toFixed(4)})`);
    }
    if (this.changed === 0) return lines;
    const numericChanges = this.#up + this.#down;
    if (numericChanges > 0) {
      lines.push(`  ${this.#up} went up, ${this.#down} went down; mean size of a change ${(this.#sumAbsDelta / numericChanges).toFixed(4)}, largest ${Number(this.#maxAbsDelta.toFixed(4))}`);
    }
    const changedTasks = [...this.#tasks].filter(([, tally]) => tally.changed > 0).sort(([a], [b]) => a - b);
    lines.push(`  tasks with changed rewards (${changedTasks.length} of ${this.#tasks.size}):`);
    for (const [task, tally] of changedTasks.slice(0, maxTasks)) {
      const more = tally.changed > tally.examples.length ? `, ... (${tally.changed - tally.examples.length} more)` : '';
      const examples = tally.examples.sort(([a], [b]) => a - b).map(([rollout, change]) => `rollout ${rollout}: ${change}`);
      lines.push(`    task ${task} (${tally.agent}): ${tally.changed} of ${tally.compared} rollouts: ${examples.join(', ')}${more}`);
    }
    if (changedTasks.length > maxTasks) lines.push(`    ... and ${changedTasks.length - maxTasks} more tasks`);
    return lines;
  }
}

/** Compare every re-verified rollout of `outputPath` with its recorded reward; each change is a line of `changesPath`. */
export async function compareRewards(outputPath: string, recorded: ReadonlyMap<RolloutKey, number | null>, changesPath: string): Promise<RewardComparison> {
  const comparison = new RewardComparison();
  const changes = new JsonlAppender(changesPath, { truncate: true });
  try {
    for await (const { value } of readJsonl(outputPath)) {
      const key = keyOfRow(value);
      if (!recorded.has(key)) continue;
      const { _ng_task_index: task, _ng_rollout_index: rollout } = indicesOf(value);
      const change = comparison.add(task, rollout, agentNameOf(value) ?? 'agent', recorded.get(key)!, rewardOf(value));
      if (change) changes.append(change);
    }
  } finally {
    changes.close();
  }
  return comparison;
}
