// NeMo Gym's reward profile (reward_profile.py), streamed: per task, the statistics of every numeric field of its
// rollouts (plus a pass rate), its input as `sample` and each rollout's numbers; per agent, the same over all of them.
import { closeSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, parse } from 'node:path';
import { statKeys } from '../metrics/column-stats.ts';
import { InputError } from '../errors.ts';
import { readLineAt } from '../rollouts/jsonl-offsets.ts';
import { StreamingStats } from './streaming-stats.ts';
import { groupByTask, type InputRecord, type RolloutRecord, type TaskGroup } from './task-groups.ts';

export interface ProfileRequest {
  inputsPath: string;
  rolloutsPath: string;
  displayInputs: string;
  displayRollouts: string;
  /** Profile a partial collection: inputs without rollouts are left out instead of being an error. */
  allowPartial: boolean;
  /** A rollout passes when its reward is at least this. */
  passThreshold: number;
  /** Records held in memory at once while grouping (tests make it tiny). */
  bucketRows?: number;
}

/** NeMo Gym's `profile_completion_summary`. */
export interface CompletionSummary {
  expected_rollout_rows: number;
  completed_rollout_rows: number;
  missing_rollout_rows: number;
  extra_rollout_rows: number;
  reward_profile_completion_pct: number;
  total_input_rows: number;
  complete_input_rows: number;
  partial_input_rows: number;
  missing_input_rows: number;
}

export interface AgentProfile {
  agent: string;
  tasks: number;
  rollouts: number;
  metrics: Record<string, number>;
  /** Tasks whose every rollout passed, none did, or some did. */
  alwaysPassing: number;
  neverPassing: number;
  mixed: number;
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

function keysText(keys: readonly [number, number][]): string {
  return `[${keys.map(([t, r]) => `(${t}, ${r})`).join(', ')}]`;
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

interface AgentTotals {
  stats: StreamingStats;
  tasks: number;
  alwaysPassing: number;
  neverPassing: number;
  mixed: number;
  passed: number;
  withReward: number;
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

/** Profile the rollouts; writes both files (only once everything checked out) and returns what to report. */
export async function profileRewards(request: ProfileRequest): Promise<ProfileResult> {
  const { profilePath, agentMetricsPath } = profilePathsFor(request.rolloutsPath);
  const tempDir = mkdtempSync(join(tmpdir(), 'rg-profile-'));
  // Written beside its final name and renamed once everything checked out: an error leaves no partial profile.
  const partialPath = `${profilePath}.partial-${process.pid}`;
  const inputsFd = openSync(request.inputsPath, 'r');
  const outFd = openSync(partialPath, 'w');
  const agents = new Map<string, AgentTotals>();
  const agentNamed = (name: string): AgentTotals => {
    let agent = agents.get(name);
    if (agent === undefined) {
      agent = { stats: new StreamingStats(tempDir), tasks: 0, alwaysPassing: 0, neverPassing: 0, mixed: 0, passed: 0, withReward: 0 };
      agents.set(name, agent);
    }
    return agent;
  };
  const columnOrder = new Set<string>();
  const completion: CompletionSummary = {
    expected_rollout_rows: 0,
    completed_rollout_rows: 0,
    missing_rollout_rows: 0,
    extra_rollout_rows: 0,
    reward_profile_completion_pct: 100,
    total_input_rows: 0,
    complete_input_rows: 0,
    partial_input_rows: 0,
    missing_input_rows: 0,
  };
  const missingKeys: [number, number][] = [];
  const extraKeys: [number, number][] = [];
  try {
    for await (const group of groupByTask(request.inputsPath, request.rolloutsPath, { tempDir, displayInputs: request.displayInputs, displayRollouts: request.displayRollouts, bucketRows: request.bucketRows })) {
      assertUnique(group.inputs, 'materialized input', request.displayInputs);
      assertUnique(group.rollouts, 'result', request.displayRollouts);
      const { matched, missing, extra } = pairUp(group);
      for (const record of missing) if (missingKeys.length < 10) missingKeys.push([record.t, record.r]);
      for (const record of extra) if (extraKeys.length < 10) extraKeys.push([record.t, record.r]);
      completion.expected_rollout_rows += group.inputs.length;
      completion.completed_rollout_rows += matched.length;
      completion.extra_rollout_rows += extra.length;
      if (group.inputs.length > 0) {
        completion.total_input_rows++;
        if (matched.length === group.inputs.length) completion.complete_input_rows++;
        else if (matched.length > 0) completion.partial_input_rows++;
        else completion.missing_input_rows++;
      }
      if (matched.length === 0) continue;

      const rows = matched.map(([input, rollout]) => ({ input, rollout, columns: columnsOf(rollout) }));
      for (const row of rows) for (const name of row.columns.keys()) columnOrder.add(name);
      const groupColumns = new Map<string, Float64Array>();
      for (const name of columnOrder) {
        if (!rows.some((row) => row.columns.has(name))) continue;
        groupColumns.set(name, Float64Array.from(rows, (row) => row.columns.get(name) ?? Number.NaN));
      }
      const rewards = rows.flatMap((row) => (row.columns.has('reward') ? [row.columns.get('reward')!] : []));
      const passed = rewards.filter((reward) => reward >= request.passThreshold).length;
      const { _ng_task_index: _task, _ng_rollout_index: _rollout, ...sample } = readLineAt(inputsFd, matched[0]![0].o);
      const line = {
        _ng_task_index: group.task,
        ...statKeys(groupColumns, rows.length),
        ...(rewards.length > 0 ? { pass_rate: passed / rewards.length } : {}),
        sample,
        num_rollouts: matched.length,
        expected_num_rollouts: group.inputs.length,
        missing_num_rollouts: group.inputs.length - matched.length,
        reward_profile_completion_pct: group.inputs.length === 0 ? 100 : (100 * matched.length) / group.inputs.length,
        rollout_infos: rows.map((row) => rolloutInfo(row.rollout)),
      };
      writeSync(outFd, `${JSON.stringify(line)}\n`);

      for (const row of rows) agentNamed(row.input.a ?? 'agent').stats.add(row.columns);
      const agent = agentNamed(matched[0]![0].a ?? 'agent');
      agent.tasks++;
      agent.passed += passed;
      agent.withReward += rewards.length;
      if (rewards.length > 0) {
        if (passed === rewards.length) agent.alwaysPassing++;
        else if (passed === 0) agent.neverPassing++;
        else agent.mixed++;
      }
    }
    completion.missing_rollout_rows = completion.expected_rollout_rows - completion.completed_rollout_rows;
    completion.reward_profile_completion_pct = completion.expected_rollout_rows === 0 ? 100 : (100 * completion.completed_rollout_rows) / completion.expected_rollout_rows;
    if (completion.extra_rollout_rows > 0) {
      throw new InputError(
        `Rollout results contain rows with no matching materialized input rows. Found ${completion.extra_rollout_rows} extra rollout rows. Extra rollout keys: ${keysText(extraKeys)}`,
        { file: request.displayRollouts, hint: `--inputs must be the materialized inputs of the run that wrote ${request.displayRollouts}` },
      );
    }
    if (completion.missing_rollout_rows > 0 && !request.allowPartial) {
      throw new InputError(
        `Materialized input rows and rollout results do not have matching rollout keys. Missing rollout results for ${completion.missing_rollout_rows} materialized input rows. Missing rollout keys: ${keysText(missingKeys)}.`,
        { file: request.displayRollouts, hint: 'finish the run (--resume), or add ++allow_partial_rollouts=true to profile the rollouts there are' },
      );
    }
    const profiles: AgentProfile[] = [...agents.keys()].sort().map((name) => {
      const agent = agents.get(name)!;
      const metrics = agent.stats.statKeys(columnOrder);
      if (agent.withReward > 0) metrics.pass_rate = agent.passed / agent.withReward;
      return { agent: name, tasks: agent.tasks, rollouts: agent.stats.rows, metrics, alwaysPassing: agent.alwaysPassing, neverPassing: agent.neverPassing, mixed: agent.mixed };
    });
    closeSync(outFd);
    renameSync(partialPath, profilePath);
    writeFileSync(agentMetricsPath, JSON.stringify(profiles.map((profile) => ({ ...profile.metrics, agent_ref: { name: profile.agent } }))));
    return { profilePath, agentMetricsPath, completion, agents: profiles };
  } finally {
    try {
      closeSync(outFd);
    } catch {
      // Already closed after a successful run.
    }
    rmSync(partialPath, { force: true });
    closeSync(inputsFd);
    for (const agent of agents.values()) agent.stats.dispose();
    rmSync(tempDir, { recursive: true, force: true });
  }
}
