// Differential test: `_aggregate_metrics.json` written by the on-disk path (rollouts sorted on disk, medians spilled,
// groups streamed) is byte for byte what the in-memory accumulator gives (the code before it, kept here as the
// oracle: AggregateMetricsAccumulator per agent, coverage from maps, groups as objects), on random rollouts: NaN
// and missing columns, non-numeric fields, usage numbers, many agents, tasks of every size, shards and replicas,
// failures and duplicates. Both with the default memory limits (no file) and with tiny ones (everything spills).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { computeAggregateMetrics } from '../../src/metrics/aggregate-metrics.ts';
import { renumberRow, type Replica } from '../../src/metrics/rollout-store.ts';
import { spillFilesCreated } from '../../src/metrics/spill-dir.ts';
import { InputError } from '../../src/errors.ts';
import { writeObjectWithStreamedArray } from '../../src/rollouts/json-stream.ts';
import { writeAggregateMetricsFile, type MetricsRun } from '../../src/rollouts/metrics-file.ts';
import { agentNameOf, indicesOf, keyOfRow } from '../../src/rollouts/rollout-key.ts';

type Row = Record<string, unknown>;

/** The file the in-memory path wrote for these runs (no environment), or the InputError it refused with. */
async function oracleText(runs: { rows: Row[]; failures?: Row[]; materialized?: Row[]; replica?: Replica; shown: string }[]): Promise<string | InputError> {
  const byAgent = new Map<string, Row[]>();
  const seen: { agent: number; file: number; task: number; rollout: number; at: number }[] = [];
  const agentIds = new Map<string, number>();
  for (const [file, run] of runs.entries()) {
    for (const original of run.rows) {
      const row = renumberRow(structuredClone(original), run.replica);
      const agent = agentNameOf(row) ?? 'agent';
      if (!agentIds.has(agent)) agentIds.set(agent, agentIds.size);
      const { _ng_task_index: task, _ng_rollout_index: rollout } = indicesOf(row);
      seen.push({ agent: agentIds.get(agent)!, file, task, rollout, at: seen.length });
      byAgent.set(agent, [...(byAgent.get(agent) ?? []), row]);
    }
  }
  seen.sort((a, b) => a.agent - b.agent || a.task - b.task || a.rollout - b.rollout || a.at - b.at);
  const repeated = seen.flatMap((item, i) => (i > 0 && seen[i - 1]!.agent === item.agent && seen[i - 1]!.task === item.task && seen[i - 1]!.rollout === item.rollout ? [[seen[i - 1]!, item] as const] : []));
  if (repeated.length > 0) {
    const names = [...agentIds.keys()];
    const byFiles = new Map<string, Map<string, number[]>>();
    for (const [first, second] of repeated) {
      const tasks = byFiles.get(`${first.file}:${second.file}`) ?? new Map<string, number[]>();
      byFiles.set(`${first.file}:${second.file}`, tasks);
      const task = `${names[first.agent]} task ${first.task}`;
      tasks.set(task, [...(tasks.get(task) ?? []), first.rollout]);
    }
    const lines = [...byFiles].map(([files, tasks]) => {
      const [a, b] = files.split(':').map((file) => runs[Number(file)]!.shown);
      const listed = [...tasks].slice(0, 10).map(([task, rollouts]) => `${task} (rollout${rollouts.length > 1 ? 's' : ''} ${rollouts.join(', ')})`);
      const more = tasks.size > 10 ? `, and ${tasks.size - 10} more tasks` : '';
      return a === b ? `- ${a} holds these rollouts twice: ${listed.join('; ')}${more}` : `- ${a} and ${b} both hold: ${listed.join('; ')}${more}`;
    });
    return new InputError(`the rollouts overlap: ${repeated.length} rollout${repeated.length === 1 ? '' : 's'} (agent, _ng_task_index, _ng_rollout_index) appear more than once`, { details: lines.join('\n') });
  }
  const succeeded = new Set(seen.map((item) => `${[...agentIds.keys()][item.agent]}\u0000${item.task}\u0000${item.rollout}`));
  const lastFailure = new Map<string, { agent: string; failureClass: string }>();
  for (const run of runs) {
    for (const original of run.failures ?? []) {
      const row = renumberRow(structuredClone(original), run.replica);
      const agent = agentNameOf(row) ?? 'agent';
      const { _ng_task_index: task, _ng_rollout_index: rollout } = indicesOf(row);
      if (succeeded.has(`${agent}\u0000${task}\u0000${rollout}`)) continue;
      lastFailure.set(`${agent}\u0000${keyOfRow(row)}`, { agent, failureClass: String(row._ng_failure_class ?? 'unknown') });
    }
  }
  let expected: Map<string, number> | undefined;
  if (runs.every((run) => run.materialized !== undefined)) {
    expected = new Map();
    for (const run of runs) for (const row of run.materialized!) expected.set(agentNameOf(row) ?? 'agent', (expected.get(agentNameOf(row) ?? 'agent') ?? 0) + 1);
  }
  const names = [...new Set([...byAgent.keys(), ...(expected?.keys() ?? []), ...[...lastFailure.values()].map((f) => f.agent)])].sort();
  let text = '[';
  const write = (piece: string): void => void (text += piece);
  for (const [i, name] of names.entries()) {
    const metrics = computeAggregateMetrics(byAgent.get(name) ?? []);
    const counts = new Map<string, number>();
    let failed = 0;
    for (const failure of lastFailure.values()) {
      if (failure.agent !== name) continue;
      failed++;
      counts.set(failure.failureClass, (counts.get(failure.failureClass) ?? 0) + 1);
    }
    const size = byAgent.get(name)?.length ?? 0;
    const coverage: Record<string, unknown> = { attempted: size + failed, succeeded: size, failed, failed_by_class: Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
    if (expected !== undefined) {
      coverage.expected = expected.get(name);
      coverage.not_attempted = Math.max(0, expected.get(name)! - size - failed);
    }
    write(i === 0 ? '\n' : ',\n');
    await writeObjectWithStreamedArray(write, { agent_ref: { name }, agent_metrics: metrics.agent_metrics, key_metrics: metrics.key_metrics, coverage }, 'group_level_metrics', metrics.group_level_metrics, 2);
  }
  write(names.length === 0 ? ']\n' : '\n]\n');
  return text;
}

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

const VALUES = [0, 1, -0, 0.1, 0.2, 0.3, 1e300, -1e300, 1.7976931348623157e308, 5e-324, 3, 3, 42, -7.25, 2 ** 53 + 2];

/** Random rollouts of `agents` agents; `duplicates` adds rollouts that appear twice. */
function randomCase(seed: number) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const agents = ['b_agent', 'a_agent', 'agent', 'z'].slice(0, 1 + Math.floor(next() * 4));
  const binary = next() < 0.5;
  const rows: Row[] = [];
  const failures: Row[] = [];
  const materialized: Row[] = [];
  const taskCount = 1 + Math.floor(next() * 12);
  const big = next() < 0.3 ? Math.floor(next() * taskCount) : -1;
  for (let task = 0; task < taskCount; task++) {
    const agent = pick(agents);
    const taskIndex = next() < 0.05 ? -3 - task : next() < 0.05 ? 1e9 + task : task;
    const repeats = task === big ? 150 + Math.floor(next() * 200) : 1 + Math.floor(next() * 9);
    for (let rollout = 0; rollout < repeats; rollout++) {
      const key = { _ng_task_index: taskIndex, _ng_rollout_index: rollout };
      const agentRef = agent === 'agent' && next() < 0.5 ? {} : { agent_ref: { type: 'responses_api_agents', name: agent } };
      materialized.push({ ...key, ...agentRef });
      if (next() < 0.15) {
        failures.push({ ...key, ...agentRef, _ng_failure_class: pick(['timeout', 'upstream_error', 'http_5xx']), error: 'x' });
        if (next() < 0.5) continue;
      }
      const row: Row = { ...key, ...agentRef };
      if (next() < 0.9) row.reward = binary ? (next() < 0.4 ? 1 : 0) : next() < 0.1 ? true : pick(VALUES);
      if (next() < 0.7) row.score = next() < 0.2 ? pick(VALUES) : Math.round(next() * 1000) / 7;
      if (next() < 0.3) row.extra = next() < 0.5 ? false : -next();
      if (next() < 0.2) row.label = 'not a number';
      if (next() < 0.1) row.nested = { value: 3 };
      if (next() < 0.1) row._ng_attempt_index = 1;
      if (next() < 0.05) row.rollout_id = 99;
      if (next() < 0.6) {
        const usage: Row = { input_tokens: Math.floor(next() * 100), output_tokens: Math.floor(next() * 50) };
        if (next() < 0.3) usage.score = 1234;
        if (next() < 0.2) usage.details = { cached: 1 };
        row.response = { id: 'r', output: [], usage };
      }
      rows.push(row);
    }
  }
  // Arrival order is any order.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return { rows, failures, materialized, next };
}

const jsonl = (rows: Row[]): string => rows.map((row) => `${JSON.stringify(row)}\n`).join('');

async function compare(dir: string, name: string, runs: { rows: Row[]; failures?: Row[]; materialized?: Row[]; replica?: Replica }[], tiny: boolean): Promise<void> {
  const metricsRuns: MetricsRun[] = runs.map((run, i) => {
    const rollouts = join(dir, `${name}-${i}.jsonl`);
    writeFileSync(rollouts, jsonl(run.rows));
    const failures = join(dir, `${name}-${i}_failures.jsonl`);
    if (run.failures !== undefined) writeFileSync(failures, jsonl(run.failures));
    const materialized = join(dir, `${name}-${i}_materialized_inputs.jsonl`);
    if (run.materialized !== undefined) writeFileSync(materialized, jsonl(run.materialized));
    return { rollouts, shown: `${name}-${i}.jsonl`, failures, materialized, replica: run.replica };
  });
  const expected = await oracleText(runs.map((run, i) => ({ ...run, shown: `${name}-${i}.jsonl` })));
  const out = join(dir, `${name}_aggregate_metrics.json`);
  const files = spillFilesCreated();
  const written = writeAggregateMetricsFile(metricsRuns, out, tiny ? { spillLimits: { sortBytes: 256, values: 3, bufferBytes: 64 } } : {});
  if (expected instanceof InputError) {
    await assert.rejects(written, (error: InputError) => error.message === expected.message && error.details === expected.details);
    assert.ok(!existsSync(out), 'a refusal writes no file');
  } else {
    await written;
    assert.equal(readFileSync(out, 'utf8'), expected);
  }
  const rows = runs.reduce((sum, run) => sum + run.rows.length, 0);
  if (tiny && rows > 20 && !(expected instanceof InputError)) assert.ok(spillFilesCreated() > files, 'tiny limits spill');
  if (!tiny) assert.equal(spillFilesCreated(), files, 'default limits keep a small run in memory');
  assert.deepEqual(readdirSync(dir).filter((entry) => entry.includes('.spill-') || entry.endsWith('.tmp')), [], 'no spill directory or temp file is left');
}

test('on-disk metrics are byte-identical to the in-memory accumulator on random rollouts (one run)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-differential-'));
  try {
    for (let seed = 1; seed <= 60; seed++) {
      const { rows, failures, materialized } = randomCase(seed);
      for (const tiny of [false, true]) await compare(dir, `one${seed}${tiny ? 't' : ''}`, [{ rows, failures, materialized: seed % 4 === 0 ? undefined : materialized }], tiny);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on-disk metrics are byte-identical to the in-memory accumulator on random shards, replicas and duplicates', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-differential-'));
  try {
    for (let seed = 101; seed <= 150; seed++) {
      const { rows, failures, materialized, next } = randomCase(seed);
      const shardCount = 1 + Math.floor(next() * 3);
      const shards = Array.from({ length: shardCount }, () => ({ rows: [] as Row[], failures: [] as Row[], materialized: [] as Row[] }));
      const shardOf = (row: Row): number => Math.abs(Number(row._ng_task_index)) % shardCount;
      for (const row of rows) shards[shardOf(row)]!.rows.push(row);
      for (const row of failures) shards[shardOf(row)]!.failures.push(row);
      for (const row of materialized) shards[shardOf(row)]!.materialized.push(row);
      const kind = seed % 5;
      if (kind === 0 && rows.length > 0) {
        // A duplicate: the same rollout in two shards (or twice in one).
        shards[Math.floor(next() * shardCount)]!.rows.push(rows[Math.floor(next() * rows.length)]!);
      } else if (kind === 1 && rows.length > 1) {
        // Rows without indices all count as (0, 0).
        const bare = { ...rows[0]! };
        delete bare._ng_task_index;
        delete bare._ng_rollout_index;
        shards[0]!.rows.push(bare, { ...bare });
      }
      const replicas = kind === 2;
      const runs = shards.map((shard, index) => ({ ...shard, replica: replicas ? { index, repeats: 1000 } : undefined }));
      for (const tiny of [false, true]) await compare(dir, `shards${seed}${tiny ? 't' : ''}`, runs, tiny);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run of 3,000 rollouts stays in memory; the same with tiny limits spills and gives the same bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-differential-'));
  try {
    const rows: Row[] = [];
    for (let task = 0; task < 30; task++) {
      for (let rollout = 0; rollout < 100; rollout++) rows.push({ _ng_task_index: task, _ng_rollout_index: rollout, reward: (task * rollout) % 3 === 0 ? 1 : 0, response: { usage: { input_tokens: task + rollout, output_tokens: 1 } } });
    }
    await compare(dir, 'memory', [{ rows }], false);
    await compare(dir, 'disk', [{ rows }], true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
