// NeMo Gym's reward profile (reward_profile.py), streamed: per task, the statistics of every numeric field of its
// rollouts (plus a pass rate), its input as `sample` and each rollout's numbers; per agent, the same over all of them.
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, parse } from 'node:path';
import { statKeys } from '../metrics/column-stats.ts';
import { SpillDir } from '../metrics/spill-dir.ts';
import { InputError } from '../errors.ts';
import { readLineAt } from '../rollouts/jsonl-offsets.ts';
import { AgentTotals, type AgentProfile } from './agent-totals.ts';
import { CompletionTally, type CompletionSummary } from './completion.ts';
import { groupByTask, type InputRecord, type RolloutRecord, type TaskGroup } from './task-groups.ts';

export type { AgentProfile } from './agent-totals.ts';
export type { CompletionSummary } from './completion.ts';

export interface ProfileRequest {
  inputsPath: string;
  rolloutsPath: string;
  displayInputs: string;
  displayRollouts: string;
  /** Profile a partial collection: inputs without rollouts are left out instead of being an error. */
  allowPartial: boolean;
  /** A rollout passes when its reward is at least this. */
  passThreshold: number;
  /** Bytes of records each sort holds in memory while grouping (tests make it tiny). */
  sortMemoryBytes?: number;
}

export interface ProfileResult {
  profilePath: string;
  agentMetricsPath: string;
  completion: CompletionSummary;
  agents: AgentProfile[];
}

/** `<rollouts stem>_reward_profiling.jsonl` and `<rollouts stem>_agent_metrics.json`, as NeMo Gym names them. */
export function profilePathsFor(rolloutsPath: string): { profilePath: string; agentMetricsPath: string } {
  const { dir, name } = parse(rolloutsPath);
  return { profilePath: join(dir, `${name}_reward_profiling.jsonl`), agentMetricsPath: join(dir, `${name}_agent_metrics.json`) };
}

/** A rollout's numeric columns as NeMo Gym builds them: `result | usage` (usage values win, new keys go last). */
function columnsOf(rollout: RolloutRecord): Map<string, number> {
  const columns = new Map(rollout.own);
  for (const [key, value] of rollout.usage) columns.set(key, value);
  return columns;
}

/** NeMo Gym's `rollout_info_from_result`: id and indices, reward, usage numbers, then the other numbers. */
function rolloutInfo(rollout: RolloutRecord): Record<string, unknown> {
  const info: Record<string, unknown> = { rollout_id: `${rollout.t}:${rollout.r}`, _ng_task_index: rollout.t, _ng_rollout_index: rollout.r };
  const reward = rollout.own.find(([key]) => key === 'reward');
  if (reward) info.reward = reward[1];
  for (const [key, value] of rollout.usage) info[key] = value;
  for (const [key, value] of rollout.own) if (key !== 'reward') info[key] = value;
  return info;
}

function assertUnique(records: readonly { t: number; r: number }[], what: string, file: string): void {
  for (let i = 1; i < records.length; i++) {
    if (records[i]!.r === records[i - 1]!.r) {
      throw new InputError(`Duplicate ${what} row for rollout key (${records[i]!.t}, ${records[i]!.r}) in '${file}'`, {
        file,
        hint: 'every rollout needs a unique (_ng_task_index, _ng_rollout_index); was a file appended to twice?',
      });
    }
  }
}

/** Pair a task's inputs and rollouts by rollout index. */
function pairUp(group: TaskGroup): { matched: [InputRecord, RolloutRecord][]; missing: InputRecord[]; extra: RolloutRecord[] } {
  const matched: [InputRecord, RolloutRecord][] = [];
  const missing: InputRecord[] = [];
  const extra: RolloutRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < group.inputs.length || j < group.rollouts.length) {
    const input = group.inputs[i];
    const rollout = group.rollouts[j];
    if (input !== undefined && rollout !== undefined && input.r === rollout.r) {
      matched.push([input, rollout]);
      i++;
      j++;
    } else if (rollout === undefined || (input !== undefined && input.r < rollout.r)) {
      missing.push(input!);
      i++;
    } else {
      extra.push(rollout);
      j++;
    }
  }
  return { matched, missing, extra };
}

/** The per-task line of the profile (NeMo Gym's group-level metrics, plus `pass_rate`) and its pass count. */
function taskLine(task: number, inputs: number, rows: { rollout: RolloutRecord; columns: Map<string, number> }[], columnOrder: ReadonlySet<string>, sample: Record<string, unknown>, passThreshold: number) {
  const columns = new Map<string, Float64Array>();
  for (const name of columnOrder) {
    if (rows.some((row) => row.columns.has(name))) columns.set(name, Float64Array.from(rows, (row) => row.columns.get(name) ?? Number.NaN));
  }
  const rewards = rows.flatMap((row) => (row.columns.has('reward') ? [row.columns.get('reward')!] : []));
  const passed = rewards.filter((reward) => reward >= passThreshold).length;
  const line = {
    _ng_task_index: task,
    ...statKeys(columns, rows.length),
    ...(rewards.length > 0 ? { pass_rate: passed / rewards.length } : {}),
    sample,
    num_rollouts: rows.length,
    expected_num_rollouts: inputs,
    missing_num_rollouts: inputs - rows.length,
    reward_profile_completion_pct: inputs === 0 ? 100 : (100 * rows.length) / inputs,
    rollout_infos: rows.map((row) => rolloutInfo(row.rollout)),
  };
  return { line, withReward: rewards.length, passed };
}

/** Profile the rollouts; writes both files (only once everything checked out) and returns what to report. */
export async function profileRewards(request: ProfileRequest): Promise<ProfileResult> {
  const { profilePath, agentMetricsPath } = profilePathsFor(request.rolloutsPath);
  const spill = new SpillDir(join(tmpdir(), 'rg-profile-'), request.sortMemoryBytes === undefined ? {} : { sortBytes: request.sortMemoryBytes });
  // Written beside its final name and renamed once everything checked out: an error leaves no partial profile.
  const partialPath = `${profilePath}.partial-${process.pid}`;
  const inputsFd = openSync(request.inputsPath, 'r');
  const outFd = openSync(partialPath, 'w');
  const agents = new Map<string, AgentTotals>();
  const agentNamed = (name: string | null): AgentTotals => {
    const key = name ?? 'agent';
    if (!agents.has(key)) agents.set(key, new AgentTotals(spill));
    return agents.get(key)!;
  };
  const columnOrder = new Set<string>();
  const completion = new CompletionTally();
  try {
    for await (const group of groupByTask(request.inputsPath, request.rolloutsPath, { spill, displayInputs: request.displayInputs, displayRollouts: request.displayRollouts })) {
      assertUnique(group.inputs, 'materialized input', request.displayInputs);
      assertUnique(group.rollouts, 'result', request.displayRollouts);
      const { matched, missing, extra } = pairUp(group);
      completion.add(group.inputs.length, matched.length, missing, extra);
      if (matched.length === 0) continue;
      const rows = matched.map(([input, rollout]) => ({ input, rollout, columns: columnsOf(rollout) }));
      for (const row of rows) {
        for (const name of row.columns.keys()) columnOrder.add(name);
        agentNamed(row.input.a).stats.add(row.columns);
      }
      const { _ng_task_index: _task, _ng_rollout_index: _rollout, ...sample } = readLineAt(inputsFd, matched[0]![0].o);
      const { line, withReward, passed } = taskLine(group.task, group.inputs.length, rows, columnOrder, sample, request.passThreshold);
      writeSync(outFd, `${JSON.stringify(line)}\n`);
      agentNamed(matched[0]![0].a).addTask(withReward, passed);
    }
    completion.check(request.allowPartial, request.displayRollouts);
    const profiles = [...agents.keys()].sort().map((name) => agents.get(name)!.profile(name, columnOrder));
    closeSync(outFd);
    renameSync(partialPath, profilePath);
    writeFileSync(agentMetricsPath, JSON.stringify(profiles.map((profile) => ({ ...profile.metrics, agent_ref: { name: profile.agent } }))));
    return { profilePath, agentMetricsPath, completion: completion.summary, agents: profiles };
  } finally {
    try {
      closeSync(outFd);
    } catch {
      // Already closed after a successful run.
    }
    rmSync(partialPath, { force: true });
    closeSync(inputsFd);
    for (const agent of agents.values()) agent.stats.dispose();
    spill.dispose();
  }
}
