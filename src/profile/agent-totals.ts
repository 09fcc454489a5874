// An agent's side of the profile: statistics over all its rollouts, its pass rate, and how its tasks split into
// always, never and sometimes passing.
import type { SpillDir } from '../metrics/spill-dir.ts';
import { StreamingStats } from './streaming-stats.ts';

export interface AgentProfile {
  agent: string;
  tasks: number;
  rollouts: number;
  metrics: Record<string, number>;
  alwaysPassing: number;
  neverPassing: number;
  mixed: number;
}

export class AgentTotals {
  readonly stats: StreamingStats;
  #tasks = 0;
  #alwaysPassing = 0;
  #neverPassing = 0;
  #mixed = 0;
  #passed = 0;
  #withReward = 0;

  constructor(spill: SpillDir) {
    this.stats = new StreamingStats(spill);
  }

  /** One of the agent's tasks: of its rollouts with a reward, how many passed. */
  addTask(withReward: number, passed: number): void {
    this.#tasks++;
    this.#passed += passed;
    this.#withReward += withReward;
    if (withReward === 0) return;
    if (passed === withReward) this.#alwaysPassing++;
    else if (passed === 0) this.#neverPassing++;
    else this.#mixed++;
  }

  profile(agent: string, columnOrder: Iterable<string>): AgentProfile {
    const metrics = this.stats.statKeys(columnOrder);
    if (this.#withReward > 0) metrics.pass_rate = this.#passed / this.#withReward;
    return { agent, tasks: this.#tasks, rollouts: this.stats.rows, metrics, alwaysPassing: this.#alwaysPassing, neverPassing: this.#neverPassing, mixed: this.#mixed };
  }
}
