// Coverage's failures: the keys of every failures sidecar that never succeeded, each counted once with the class
// of its last failure. Failures are sorted on disk like the rollouts and walked beside them, so memory does not
// grow with either.
import { existsSync } from 'node:fs';
import { readJsonl } from '../rollouts/jsonl-reader.ts';
import { agentNameOf, indicesOf } from '../rollouts/rollout-key.ts';
import { numbersCodec } from './byte-codec.ts';
import { ExternalSorter } from './external-sort.ts';
import { NameIds } from './rollout-records.ts';
import { renumberRow, type Replica, type RolloutStore } from './rollout-store.ts';
import type { SpillDir } from './spill-dir.ts';

export interface FailureSidecar {
  failures?: string;
  replica?: Replica;
}

export interface FailedKeys {
  failed: number;
  byClass: Map<string, number>;
}

/** A failure: its key (agent id, task, rollout) and its class (an id of `classes`). */
const failureCodec = numbersCodec(['agent', 'task', 'rollout', 'failureClass']);

type Key = { agent: number; task: number; rollout: number };

/** The sorter's order: agent, task, rollout. */
function compare(a: Key, b: Key): number {
  for (const field of ['agent', 'task', 'rollout'] as const) {
    if (a[field] < b[field]) return -1;
    if (a[field] > b[field]) return 1;
  }
  return 0;
}

/** Per agent name (agents with failures only are added to the store's agent ids): its failed keys by class. */
export async function failedKeysByAgent(runs: readonly FailureSidecar[], store: RolloutStore, spill: SpillDir): Promise<Map<string, FailedKeys>> {
  const sorter = new ExternalSorter({ codec: failureCodec, keyCount: 3, spill, name: 'failures' });
  const classes = new NameIds();
  for (const run of runs) {
    if (run.failures === undefined || !existsSync(run.failures)) continue;
    for await (const { value } of readJsonl(run.failures)) {
      const row = renumberRow(value, run.replica);
      const { _ng_task_index: task, _ng_rollout_index: rollout } = indicesOf(row);
      sorter.add({ agent: store.agentIds.idOf(agentNameOf(row) ?? 'agent'), task, rollout, failureClass: classes.idOf(String(row._ng_failure_class ?? 'unknown')) });
    }
  }
  const failures = sorter.finish();
  const byAgent = new Map<string, FailedKeys>();
  try {
    const successes = store.all();
    let success = successes.next();
    const cursor = failures.cursor();
    let record = cursor.next();
    while (record !== undefined) {
      // The key's failures are adjacent, in the order they were read: the last one holds the class.
      let last = record;
      for (record = cursor.next(); record !== undefined && compare(record, last) === 0; record = cursor.next()) last = record;
      while (success !== undefined && compare(success, last) < 0) success = successes.next();
      if (success !== undefined && compare(success, last) === 0) continue;
      const name = store.agentIds.names[last.agent]!;
      let keys = byAgent.get(name);
      if (keys === undefined) byAgent.set(name, (keys = { failed: 0, byClass: new Map() }));
      keys.failed++;
      const failureClass = classes.names[last.failureClass]!;
      keys.byClass.set(failureClass, (keys.byClass.get(failureClass) ?? 0) + 1);
    }
  } finally {
    failures.dispose();
  }
  return byAgent;
}
