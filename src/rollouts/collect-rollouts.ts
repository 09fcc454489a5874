// One rollout collection, start to end: materialise (or resume), dispatch, write metrics, summarise.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { AgentClient } from './agent-client.ts';
import type { CollectOptions } from './collect-options.ts';
import { dispatchRollouts } from './dispatch.ts';
import type { RolloutFailure } from './failure-class.ts';
import type { FailureJudge } from './failure-judge.ts';
import { readJsonl } from './jsonl-reader.ts';
import { materializeInputs } from './materialize.ts';
import { startMemoryProbe } from './memory-probe.ts';
import { writeAggregateMetricsFile, type AgentMetricsSummary } from './metrics-file.ts';
import { ProgressTracker, startProgress } from './progress.ts';
import { emptyResumeState, loadResumeState, type ResumeState } from './resume-state.ts';
import { agentNameOf } from './rollout-key.ts';
import { JsonlAppender, repairTornLine, runFilesFor, type RunFiles } from './run-files.ts';
import { watchRunStop, type ServerExitEvent } from './run-stop.ts';
import { assertSameRun, describeInput, identitySettings, readManifest, writeManifest, type RunIdentity } from './run-manifest.ts';
import { describeShard } from './shard-partition.ts';

export type { ServerExitEvent } from './run-stop.ts';

export interface CollectRequest {
  options: CollectOptions;
  /** Absolute path of the input rows, and how to show it. */
  inputPath: string;
  inputDisplayPath: string;
  /** `config_sha256` for the run manifest (src/rollouts/config-digest.ts). */
  configSha256?: string;
  /** Absolute path of the rollouts file. */
  outputPath: string;
  /** Agent URL by top-level name; throws a helpful error for an unknown agent. */
  agentUrls: (names: readonly string[]) => Promise<Map<string, string>>;
  /** Subscribe to server deaths (e2e); in-flight rollouts then fail as server_died and the run stops. */
  onServerExit?: (listener: (event: ServerExitEvent) => void) => unknown;
  /** Failures that stop the run instead of being recorded (refused API key, servers gone). */
  judge?: FailureJudge;
  /** Watch the servers from outside (ng_collect_rollouts polls its ng_run): call stopWith when they are gone; returns the unwatch. */
  watchServers?: (stopWith: (error: unknown) => void) => () => void;
  log: (line: string) => void;
  progressStream: NodeJS.WritableStream;
  /** Streams that share the progress stream's terminal (stdout): their lines go above the progress bar. */
  alsoOnScreen?: readonly NodeJS.WritableStream[];
  interactive: boolean;
}

export interface CollectResult {
  files: RunFiles;
  total: number;
  tracker: ProgressTracker;
  /** Rollouts whose attempts were used up in earlier runs. */
  exhausted: number;
  metrics: AgentMetricsSummary[] | undefined;
  /** Why dispatch stopped early, if it did (server_died, cancelled). */
  stoppedBy: RolloutFailure | undefined;
}

/** Collect every rollout of the request's input; failed rollouts are recorded, never thrown. */
export async function collectRollouts(request: CollectRequest): Promise<CollectResult> {
  const { options, log } = request;
  for (const note of options.notes) log(`note: ${note}`);
  const files = runFilesFor(request.outputPath);
  mkdirSync(dirname(files.rollouts), { recursive: true });
  const identity: RunIdentity = { input: await describeInput(request.inputPath, request.inputDisplayPath), settings: identitySettings(options), shard: options.shard ?? null, config_sha256: request.configSha256 ?? null };
  const resumed = options.resume && canResume(files, identity, log);
  if (!resumed) {
    // A fresh run starts from empty outputs, the failures sidecar included (NeMo Gym leaves stale failures).
    for (const path of [files.rollouts, files.failures, files.metrics, files.manifest]) rmSync(path, { force: true });
    const summary = await materializeInputs({ ...options, inputPath: request.inputPath, inputDisplayPath: request.inputDisplayPath, outputPath: files.materialized, warn: log });
    writeManifest(files.manifest, { format: 'rollout-gym-run/1', ...identity, started_at: new Date().toISOString() });
    // Where they are is listed once, with the other outputs, in the summary.
    const shard = summary.shardTasks && options.shard ? ` (${describeShard(options.shard)}: ${summary.shardTasks.inShard} of ${summary.shardTasks.total} tasks)` : '';
    log(`Materialized ${summary.rows} rollouts${shard} from ${summary.inputRows} input rows`);
  }
  for (const path of [files.rollouts, files.failures]) if (repairTornLine(path)) log(`Repaired a torn last line in ${path}`);
  const state = resumed ? await loadResumeState(files.rollouts, files.failures, { path: files.materialized }, options.maxAttempts) : emptyResumeState();
  const plan = await planOf(files.materialized, state);
  if (resumed) {
    log(`Resuming: ${state.doneCount} of ${plan.total} rollouts already done, ${plan.toRun} to run (${plan.retries} retries), ${plan.exhausted} out of attempts (max_rollout_attempts=${options.maxAttempts}).`);
  }
  const agentUrls = await request.agentUrls([...plan.agents]);

  const tracker = new ProgressTracker(plan.total, state.doneCount);
  // Ctrl-C, SIGTERM, SIGHUP, a server's exit or a failed write stop admitting rollouts; finished ones are on disk.
  using stop = watchRunStop(request.onServerExit);
  const unwatch = request.watchServers?.(stop.stopWith);
  const client = new AgentClient({ parallel: options.parallel, timeoutMs: options.timeoutMs });
  const then = 'then continue with the same command plus +resume_from_cache=true: every rollout written so far is kept';
  // A failed write stops the run; what was written before it stays, whole lines only.
  const batchWrites = { onFailure: stop.stopWith };
  const rollouts = new JsonlAppender(files.rollouts, { then, batchWrites });
  const failures = new JsonlAppender(files.failures, { then, batchWrites });
  const progress = startProgress(tracker, { stream: request.progressStream, interactive: request.interactive, alsoOnScreen: request.alsoOnScreen });
  const stopProbe = options.reportPeakRss ? startMemoryProbe() : undefined;
  try {
    await dispatchRollouts({ materializedPath: files.materialized, state, maxAttempts: options.maxAttempts, parallel: options.parallel, client, agentUrls, rollouts, failures, tracker, stop: stop.signal, stopWith: stop.stopWith, judge: request.judge });
  } finally {
    unwatch?.();
    stopProbe?.();
    state.dispose();
    await progress.stop();
    rollouts.close();
    failures.close();
    await client.close();
  }
  // Each agent's environment computes its own metrics (its POST /aggregate_metrics, as NeMo Gym asks it),
  // unless the run was stopped: then they are computed here at once (a resume rewrites them).
  const environment = stop.signal.aborted ? undefined : { agentUrls: async () => agentUrls, timeoutMs: options.timeoutMs };
  // After a failed write (a full disk) the metrics file cannot be written either: ng_aggregate_rollouts makes it later.
  const aggregate = !options.disableAggregation && !stop.writeFailed;
  if (aggregate) optimizeHeapForSize();
  const metrics = aggregate
    ? await writeAggregateMetricsFile([{ rollouts: files.rollouts, failures: files.failures, materialized: files.materialized }], files.metrics, { environment, log })
    : undefined;
  const stoppedBy = stop.reason;
  return { files, total: plan.total, tracker, exhausted: plan.exhausted, metrics, stoppedBy };
}

/**
 * From here on V8 keeps its heap small rather than fast. The metrics pass reads every rollout again and allocates
 * as fast as the collection, but holds nothing: with the collection's heap settings the garbage of a long run's
 * metrics grew the heap past the collection's own peak. --optimize-for-size (what ng_aggregate_rollouts runs with)
 * costs CPU per allocation, which the collection could not afford and a one-pass metrics phase can. Measured on
 * the metrics of 1,000,000 weather rollouts alone, with the collectors' V8 and malloc settings, runs alternated:
 * peak anonymous RSS 71-75 MiB without, 57-62 MiB with; 38-42 s -> 42-48 s.
 */
function optimizeHeapForSize(): void {
  setFlagsFromString('--optimize-for-size');
}

function canResume(files: RunFiles, identity: RunIdentity, log: (line: string) => void): boolean {
  const previous = readManifest(files.manifest);
  if (previous === undefined || !existsSync(files.materialized)) {
    log(`Nothing to resume at ${files.rollouts} (no run manifest or materialized inputs): starting a fresh run.`);
    return false;
  }
  for (const note of assertSameRun(previous, identity, files.manifest)) log(`note: ${note}`);
  return true;
}

/** What a (resumed) run of these files would do; a shard whose `toRun` is 0 is finished. */
export async function planOf(materializedPath: string, state: ResumeState) {
  let total = 0;
  let toRun = 0;
  let retries = 0;
  const agents = new Set<string>();
  const resume = state.rows();
  for await (const { value } of readJsonl(materializedPath)) {
    total++;
    const agent = agentNameOf(value);
    if (agent !== undefined) agents.add(agent);
    const attempt = resume.next(value);
    if (attempt !== undefined) {
      toRun++;
      if (attempt > 0) retries++;
    }
  }
  const exhausted = total - state.doneCount - toRun;
  return { total, toRun, retries, exhausted, agents };
}
