// Shards and seed replicas for ng_aggregate_rollouts: find them, check that they belong together (from the
// run manifest beside each), and stage the merged rollouts and sidecars in temp files until all is done.
//
// Shard mode (default): each file holds other tasks of one run (`+num_shards=N +shard_index=i`), so their
// manifests must agree on input, settings, config and N, and their indices must cover 0..N-1 once each.
// Replica mode: each file is a whole run of the same input with another seed (NeMo-Skills' `rollouts-rs{i}`).
// Replicas are numbered r = 0, 1, ... in natural path order (rs2 before rs10), and replica r's rollout j
// becomes rollout r * k + j, k being the rollouts per task of one replica (`num_repeats`); so every task
// keeps all its rollouts under distinct indices and pass@k counts them all.
import { glob } from 'node:fs/promises';
import { closeSync, createReadStream, existsSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, InputError } from '../errors.ts';
import { renumberRow, type Replica } from '../metrics/rollout-store.ts';
import { readJsonl } from './jsonl-reader.ts';
import type { MetricsRun } from './metrics-file.ts';
import { indicesOf } from './rollout-key.ts';
import { runFilesFor, type RunFiles } from './run-files.ts';

export type ShardMode = 'shard' | 'replica';

/** Expand `input_glob` (e.g. "results/shard_*.jsonl, more/*.jsonl") to absolute paths. */
export async function expandShardGlobs(inputGlob: string, cwd: string): Promise<string[]> {
  const seen = new Set<string>();
  const patterns = inputGlob.split(',').map((pattern) => pattern.trim()).filter((pattern) => pattern !== '');
  for (const pattern of patterns) {
    const matches: string[] = [];
    for await (const match of glob(pattern, { cwd })) matches.push(resolve(cwd, match));
    for (const match of matches.sort()) {
      // Our own sidecars (and a stopped merge's temp files) sit beside the shards and match a broad glob.
      if (/_(materialized_inputs|failures)\.jsonl$|_(aggregate_metrics|run_manifest)\.json$|\.(tmp|staged)$/.test(match)) continue;
      seen.add(match);
    }
  }
  if (seen.size === 0) {
    throw new ConfigError(`No shards matched input_glob=${inputGlob}`, {
      key: 'input_glob',
      hint: 'check the pattern (relative to the working directory); several patterns can be separated by commas',
    });
  }
  return [...seen];
}

/** The fields of `<stem>_run_manifest.json` a merge checks (the shard fields are written by sharded runs). */
interface ShardManifest {
  input?: { path?: string; sha256?: string };
  settings?: Record<string, unknown>;
  shard?: { index: number; count: number } | null;
  config_sha256?: string;
}

interface ShardFile {
  files: RunFiles;
  shown: string;
  manifest: ShardManifest | undefined;
}

export interface MergePlan {
  runs: MetricsRun[];
  /** What could not be checked, how replicas were numbered. */
  notes: string[];
}

const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;
/** Settings that differ between the shards of one run by design. */
const SHARD_SETTINGS = new Set(['num_shards', 'shard_index', 'shard']);

/** Check the files against their manifests and plan the merge; refuses (InputError) with every problem named. */
export async function planMerge(paths: readonly string[], mode: ShardMode, show: (path: string) => string): Promise<MergePlan> {
  const shards = (mode === 'replica' ? [...paths].sort(naturalOrder) : [...paths]).map((path): ShardFile => {
    const files = runFilesFor(path);
    return { files, shown: show(path), manifest: readShardManifest(files.manifest, show) };
  });
  const notes: string[] = [];
  const unchecked = shards.filter((shard) => shard.manifest === undefined).map((shard) => shard.shown);
  if (unchecked.length > 0 && shards.length > 1) {
    notes.push(`not checked (no run manifest beside ${unchecked.length === 1 ? 'it' : 'them'}; that they belong together is up to you): ${unchecked.join(', ')}`);
  }
  const runOf = (shard: ShardFile, replica?: Replica): MetricsRun => ({
    rollouts: shard.files.rollouts,
    shown: shard.shown,
    failures: shard.files.failures,
    materialized: shard.files.materialized,
    replica,
  });
  if (mode === 'shard') {
    await checkShards(shards, notes);
    return { runs: shards.map((shard) => runOf(shard)), notes };
  }
  const repeats = await checkReplicas(shards, notes);
  notes.push(`replicas (replica r's rollout j is merged as rollout r*${repeats}+j): ${shards.map((shard, r) => `${r} = ${shard.shown}`).join(', ')}`);
  return { runs: shards.map((shard, index) => runOf(shard, { index, repeats })), notes };
}

function readShardManifest(path: string, show: (path: string) => string): ShardManifest | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as ShardManifest;
  } catch {
    // Reported below.
  }
  throw new InputError(`the run manifest ${show(path)} is not a JSON object`, {
    file: show(path),
    hint: 'restore it from the run that wrote it, or delete it to merge that file unchecked',
  });
}

function refuse(message: string, problems: readonly string[], hint: string): never {
  throw new InputError(message, { details: problems.map((line) => `- ${line}`).join('\n'), hint });
}

/** One run's shards: same input, settings, config and count; indices 0..N-1 exactly once. */
async function checkShards(shards: readonly ShardFile[], notes: string[]): Promise<void> {
  const sharded = shards.filter((shard) => shard.manifest?.shard != null);
  if (sharded.length === 0) return;
  const reference = sharded[0]!;
  const differences = sharded.slice(1).flatMap((shard) => differencesBetween(reference, shard, SHARD_SETTINGS));
  if (differences.length > 0) {
    refuse('these shards are not shards of one run', differences.map((difference) => difference.text), 'merge the shards of one command only: the same input, settings and config, each run with its own +shard_index');
  }
  const count = reference.manifest!.shard!.count;
  const byIndex = new Map<number, string[]>();
  for (const shard of sharded) {
    const { index } = shard.manifest!.shard!;
    byIndex.set(index, [...(byIndex.get(index) ?? []), shard.shown]);
  }
  const problems: string[] = [];
  for (const [index, files] of [...byIndex].sort(([a], [b]) => a - b)) {
    if (!Number.isInteger(index) || index < 0 || index >= count) problems.push(`${files.join(', ')}: shard index ${index} is not in 0..${count - 1}`);
    else if (files.length > 1) problems.push(`shard ${index} of ${count} appears ${files.length} times (overlap): ${files.join(', ')}`);
  }
  const missing = Array.from({ length: count }, (_, index) => index).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    const gaps = await tasksMissingFrom(sharded);
    const several = missing.length > 1;
    // A file without a manifest may be the missing shard: that cannot be checked, only said.
    if (shards.some((shard) => shard.manifest === undefined)) {
      notes.push(`no file with a manifest is shard${several ? 's' : ''} ${missing.join(', ')} of ${count}${gaps}; a file without a manifest may be ${several ? 'them' : 'it'}`);
    } else {
      problems.push(`shard${several ? 's' : ''} ${missing.join(', ')} of ${count} missing (gap)${gaps}`);
    }
  }
  if (problems.length > 0) {
    refuse(`the shards do not cover the run exactly once (${sharded.length} shard files for ${count} shards)`, problems, 'pass exactly one file per shard index 0..N-1 (rerun a missing shard with the same command and its +shard_index; remove a duplicate copy)');
  }
}

/** Seed replicas: whole runs of one input; returns k, the rollouts per task of one replica. */
async function checkReplicas(shards: readonly ShardFile[], notes: string[]): Promise<number> {
  const problems: string[] = [];
  for (const shard of shards) {
    const part = shard.manifest?.shard;
    if (part != null) problems.push(`${shard.shown} is shard ${part.index} of ${part.count}, not a whole run: merge each replica's shards first`);
  }
  const withManifest = shards.filter((shard) => shard.manifest !== undefined);
  const reference = withManifest[0];
  // Seeds change the settings and the config; only the input must be the same.
  const differences = reference === undefined ? [] : withManifest.slice(1).flatMap((shard) => differencesBetween(reference, shard, SHARD_SETTINGS));
  problems.push(...differences.filter((difference) => difference.what === 'input').map((difference) => difference.text));
  const declared = new Map<string, number>();
  for (const shard of withManifest) {
    const repeats = repeatsOf(shard.manifest!.settings?.num_repeats);
    if (repeats !== undefined) declared.set(shard.shown, repeats);
  }
  if (new Set(declared.values()).size > 1) {
    problems.push(`the replicas ran different num_repeats: ${[...declared].map(([file, k]) => `${file}: ${k}`).join(', ')}`);
  }
  if (problems.length > 0) refuse('these files are not seed replicas of one input', problems, 'merge whole runs of the same input (each with its own seed) with +shard_mode=replica');
  const settingsThatDiffer = differences.filter((difference) => difference.what === 'setting' || difference.what === 'config');
  if (settingsThatDiffer.length > 0) notes.push(`the replicas differ (as seeds make them): ${settingsThatDiffer.map((difference) => difference.text).join('; ')}`);
  // Without a manifest for every replica, k is what the files show: the largest rollout index plus one.
  if (declared.size === shards.length) return [...declared.values()][0]!;
  return Math.max(...declared.values(), await largestRolloutIndex(shards) + 1);
}

function repeatsOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object') {
    const values = Object.values(value).filter((n): n is number => typeof n === 'number');
    if (values.length > 0) return Math.max(...values);
  }
  return undefined;
}

interface Difference {
  what: 'input' | 'config' | 'count' | 'setting';
  text: string;
}

/** How b's manifest differs from a's: input, config_sha256, shard count, each setting. */
function differencesBetween(a: ShardFile, b: ShardFile, ignoreSettings: ReadonlySet<string>): Difference[] {
  const left = a.manifest!;
  const right = b.manifest!;
  const out: Difference[] = [];
  if (left.input?.sha256 !== right.input?.sha256) {
    out.push({ what: 'input', text: `${b.shown} has another input than ${a.shown}: ${describeInput(right)} vs ${describeInput(left)}` });
  }
  if (left.config_sha256 !== right.config_sha256) {
    out.push({ what: 'config', text: `${b.shown} ran another config than ${a.shown}: config_sha256 ${short(right.config_sha256)} vs ${short(left.config_sha256)}` });
  }
  if (left.shard?.count !== right.shard?.count) {
    out.push({ what: 'count', text: `${b.shown} is one of ${right.shard?.count} shards, ${a.shown} one of ${left.shard?.count}` });
  }
  const keys = new Set([...Object.keys(left.settings ?? {}), ...Object.keys(right.settings ?? {})]);
  for (const key of keys) {
    if (ignoreSettings.has(key)) continue;
    const before = JSON.stringify(left.settings?.[key] ?? null);
    const now = JSON.stringify(right.settings?.[key] ?? null);
    if (before !== now) out.push({ what: 'setting', text: `${b.shown} ran ${key}=${now}, ${a.shown} ${key}=${before}` });
  }
  return out;
}

function describeInput(manifest: ShardManifest): string {
  return `${manifest.input?.path ?? '?'} (sha256 ${short(manifest.input?.sha256)})`;
}

function short(sha: string | undefined): string {
  return sha === undefined ? 'none' : sha.slice(0, 12);
}

/** ": tasks a, b, c are in no shard's materialized inputs" for the tasks a missing shard would have held. */
async function tasksMissingFrom(shards: readonly ShardFile[]): Promise<string> {
  const tasks = new Set<number>();
  for (const shard of shards) {
    if (!existsSync(shard.files.materialized)) return '';
    for await (const { value } of readJsonl(shard.files.materialized)) tasks.add(indicesOf(value)._ng_task_index);
  }
  const largest = Math.max(-1, ...tasks);
  const absent: number[] = [];
  for (let task = 0; task <= largest; task++) if (!tasks.has(task)) absent.push(task);
  if (absent.length === 0) return '; its tasks come after task ' + largest;
  return `; tasks in no shard: ${absent.slice(0, 20).join(', ')}${absent.length > 20 ? `, ... (${absent.length} tasks)` : ''}`;
}

async function largestRolloutIndex(shards: readonly ShardFile[]): Promise<number> {
  let largest = 0;
  for (const shard of shards) {
    for (const path of [shard.files.rollouts, shard.files.failures, shard.files.materialized]) {
      if (!existsSync(path)) continue;
      for await (const { value } of readJsonl(path)) largest = Math.max(largest, indicesOf(value)._ng_rollout_index);
    }
  }
  return largest;
}

/** A file written beside its final name and renamed only once every output is ready. */
export interface StagedFile {
  temp: string;
  final: string;
}

/**
 * Write the merged rollouts, failures and materialized inputs to temp files beside `files`: shards are
 * concatenated byte for byte; replicas are re-serialized with their renumbered `_ng_rollout_index` and
 * `_ng_replica_index`. Materialized inputs are merged only when every run has them.
 */
export async function stageMergedOutputs(runs: readonly MetricsRun[], files: RunFiles, signal?: AbortSignal): Promise<StagedFile[]> {
  const staged: StagedFile[] = [];
  const stage = (final: string): string => {
    const temp = `${final}.${process.pid}.tmp`;
    staged.push({ temp, final });
    return temp;
  };
  try {
    await mergeFiles(runs, (run) => run.rollouts, stage(files.rollouts), signal);
    if (runs.some((run) => run.failures !== undefined && existsSync(run.failures))) await mergeFiles(runs, (run) => run.failures, stage(files.failures), signal);
    if (runs.every((run) => run.materialized !== undefined && existsSync(run.materialized))) await mergeFiles(runs, (run) => run.materialized, stage(files.materialized), signal);
  } catch (error) {
    discardStaged(staged);
    throw error;
  }
  return staged;
}

/** Rename every staged file to its final name; a stale sidecar the merge did not write is removed. */
export function commitStaged(staged: readonly StagedFile[], files: RunFiles): void {
  for (const { temp, final } of staged) renameSync(temp, final);
  const written = new Set(staged.map((file) => file.final));
  for (const sidecar of [files.failures, files.materialized]) if (!written.has(sidecar)) rmSync(sidecar, { force: true });
}

export function discardStaged(staged: readonly StagedFile[]): void {
  for (const { temp } of staged) rmSync(temp, { force: true });
}

async function mergeFiles(runs: readonly MetricsRun[], pathOf: (run: MetricsRun) => string | undefined, output: string, signal?: AbortSignal): Promise<void> {
  const fd = openSync(output, 'w');
  try {
    for (const run of runs) {
      const path = pathOf(run);
      if (path === undefined || !existsSync(path)) continue;
      if (run.replica === undefined) await appendBytes(fd, path, signal);
      else await appendRenumbered(fd, path, run.replica, signal);
    }
  } finally {
    closeSync(fd);
  }
}

/** Append a file as it is, its last line terminated. */
async function appendBytes(fd: number, path: string, signal?: AbortSignal): Promise<void> {
  let last = 0x0a;
  for await (const chunk of createReadStream(path)) {
    signal?.throwIfAborted();
    const buffer = chunk as Buffer;
    if (buffer.length === 0) continue;
    writeSync(fd, buffer);
    last = buffer[buffer.length - 1]!;
  }
  if (last !== 0x0a) writeSync(fd, '\n');
}

async function appendRenumbered(fd: number, path: string, replica: Replica, signal?: AbortSignal): Promise<void> {
  let buffered = '';
  for await (const { value } of readJsonl(path)) {
    const row = renumberRow(value, replica);
    row._ng_replica_index = replica.index;
    buffered += `${JSON.stringify(row)}\n`;
    if (buffered.length >= 1 << 20) {
      signal?.throwIfAborted();
      writeSync(fd, buffered);
      buffered = '';
    }
  }
  writeSync(fd, buffered);
}
