// `gym eval reverify`, top to bottom: read what the run recorded, start only the resources servers it needs, check
// they may be replayed, POST every rollout's input and response to /verify, write the new rollouts and metrics,
// report the reward changes, and stop every server on every path.
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CommandIo } from '../cli/run-cli.ts';
import { displayPath } from '../config/paths.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { ConfigError, RolloutGymError } from '../errors.ts';
import { ServerClient } from '../kit/server-client.ts';
import { type MetricsRun, writeAggregateMetricsFile } from '../rollouts/metrics-file.ts';
import { emptyResumeState, loadResumeState } from '../rollouts/resume-state.ts';
import { JsonlAppender, repairTornLine, runFilesFor, type RunFiles } from '../rollouts/run-files.ts';
import { printKeyMetrics } from '../rollouts/summary.ts';
import { exitCodeForSignal, onStopRequested } from '../servers/on-signal.ts';
import { startServerStack } from '../servers/server-stack.ts';
import { readRecordedRollouts, indexInputs } from './recorded-rollouts.ts';
import { compareRewards } from './reward-changes.ts';
import { checkReverifyModes } from './reverify-mode.ts';
import { routeAgents, serversToStart } from './server-selection.ts';
import { verifyRuns } from './verify-runs.ts';

export interface ReverifyRequest {
  inputsPath: string;
  rolloutsPath: string;
  /** Absolute path of the output asked for (`unsafe_` is prefixed to its name under --force). */
  outputPath: string;
  force: boolean;
  overwrite: boolean;
  resume: boolean;
  disableAggregation: boolean;
  parallel: number;
  /** First N rollouts only (0 = all). */
  limit: number;
  timeoutMs: number;
  maxAttempts: number;
}

/** The output files for `prefix` (`unsafe_` under --force), with their reward-change list. */
function outputFiles(outputPath: string, prefix: string): RunFiles & { changes: string } {
  const files = runFilesFor(join(dirname(outputPath), prefix + basename(outputPath)));
  return { ...files, changes: `${files.stem}_reward_changes.jsonl` };
}

/** Never write over the run's own files; never replace an earlier output unless asked to. */
function checkOutputs(files: RunFiles, request: ReverifyRequest, show: (path: string) => string): void {
  for (const input of [request.inputsPath, request.rolloutsPath]) {
    if (files.rollouts === input || files.failures === input) {
      throw new ConfigError(`--output ${show(files.rollouts)} would overwrite the run's own ${show(input)}`, { key: 'output_jsonl_fpath', hint: 'write the re-verified rollouts to a new file, e.g. results/<run>_reverified.jsonl' });
    }
  }
  if (request.resume || request.overwrite) return;
  // An empty failures sidecar records nothing: only a rollouts file, or failures, would be lost.
  const existing = [files.rollouts, files.failures].filter((path) => existsSync(path) && (path === files.rollouts || statSync(path).size > 0));
  if (existing.length > 0) {
    throw new ConfigError(`Output file already exists: ${existing.map(show).join(', ')}`, {
      key: 'output_jsonl_fpath',
      hint: 'pass --overwrite to replace it and start fresh, or --resume to continue from it',
    });
  }
}

export async function reverifyRollouts(resolved: ResolvedConfig, request: ReverifyRequest, io: CommandIo): Promise<number> {
  const show = (path: string): string => displayPath(path, io.cwd);
  const print = (line: string): void => void io.stdout.write(`${line}\n`);
  const rolloutsSource = { path: request.rolloutsPath, display: show(request.rolloutsPath), limit: request.limit };

  // 1. What the run recorded, which servers it needs, and every input row: all checked before anything starts.
  const recorded = await readRecordedRollouts(request.rolloutsPath, rolloutsSource.display, request.limit);
  if (recorded.rewards.size === 0) {
    print(`Nothing to re-verify: ${rolloutsSource.display} holds no rollouts.`);
    return 0;
  }
  const routes = routeAgents(resolved, recorded.agents);
  const servers = serversToStart(resolved, new Set(routes.values()));
  const inputOffsets = await indexInputs(request.inputsPath, show(request.inputsPath), recorded.rewards, rolloutsSource);
  if (!request.force) checkOutputs(outputFiles(request.outputPath, ''), request, show);

  // 2. Only those servers; the model and the agents are never started.
  const stop = new AbortController();
  using _stop = onStopRequested((signal) => stop.abort(signal), { stderr: io.stderr });
  print(`Starting ${servers.map((server) => server.name).join(', ')} to re-verify ${recorded.rewards.size} rollouts of ${rolloutsSource.display}`);
  let files = outputFiles(request.outputPath, '');
  let verified = { succeeded: 0, failed: 0 };
  let modesText = '';
  let unsafeModes = '';
  let metrics: Awaited<ReturnType<typeof writeAggregateMetricsFile>> | undefined;
  try {
    const stack = await startServerStack({ ...resolved, servers }, { stdout: io.stdout, stderr: io.stderr, env: io.env, checkModelEndpoints: false, signal: stop.signal });
    try {
      // 3. Each server says whether its verify may be replayed.
      const urls = new Map(stack.servers.map((server) => [server.name, server.url]));
      const modes = await checkReverifyModes([...new Set(routes.values())].map((name) => [name, urls.get(name)!]), request.force);
      modesText = modes.all;
      if (modes.unsafe) {
        unsafeModes = modes.unsafe;
        files = outputFiles(request.outputPath, 'unsafe_');
        print(`WARNING: ${unsafeModes}: re-verified rewards may be wrong; outputs are prefixed with 'unsafe_'.`);
      }
      checkOutputs(files, request, show);

      // 4. Every rollout's input and recorded response through /verify, `parallel` at a time.
      mkdirSync(dirname(files.rollouts), { recursive: true });
      if (!request.resume) for (const path of [files.rollouts, files.failures, files.metrics, files.changes]) rmSync(path, { force: true });
      for (const path of [files.rollouts, files.failures]) if (repairTornLine(path)) print(`Repaired a torn last line in ${show(path)}`);
      const state = request.resume ? await loadResumeState(files.rollouts, files.failures, { path: rolloutsSource.path, displayPath: rolloutsSource.display, limit: rolloutsSource.limit }, request.maxAttempts) : emptyResumeState();
      if (request.resume) print(`Resuming: ${state.doneCount} of ${recorded.rewards.size} rollouts already re-verified in ${show(files.rollouts)}.`);
      const inputsFd = openSync(request.inputsPath, 'r');
      const rollouts = new JsonlAppender(files.rollouts);
      const failures = new JsonlAppender(files.failures);
      try {
        verified = await verifyRuns({
          rollouts: rolloutsSource,
          inputsFd,
          inputOffsets,
          routes,
          client: new ServerClient({ tree: stack.tree, headUrl: stack.headUrl }),
          state,
          maxAttempts: request.maxAttempts,
          parallel: request.parallel,
          timeoutMs: request.timeoutMs,
          out: rollouts,
          failures,
          stop: stop.signal,
          progress: (line) => void io.stderr.write(`${line}\n`),
        });
      } finally {
        rollouts.close();
        failures.close();
        closeSync(inputsFd);
        state.dispose();
      }
      // The environment's own metrics (its compute_metrics), asked of the resources server that verified each
      // agent's rollouts while it still runs; a server without the route is computed here.
      if (!request.disableAggregation && !stop.signal.aborted) {
        metrics = await writeAggregateMetricsFile([metricsRun(files, request)], files.metrics, {
          environment: { agentUrls: async (names) => new Map(names.flatMap((name) => (routes.has(name) ? [[name, urls.get(routes.get(name)!)!] as const] : []))), timeoutMs: request.timeoutMs },
          log: print,
        });
      }
    } finally {
      await stack.stop();
    }
  } catch (error) {
    if (stop.signal.aborted) throw stoppedBy(stop.signal.reason as NodeJS.Signals, 'while servers were starting; every server started so far was stopped');
    throw error;
  }

  // 5. What changed, the metrics, where everything is.
  const comparison = await compareRewards(files.rollouts, recorded.rewards, files.changes);
  const reverified = comparison.compared;
  print('');
  print(`Re-verified through ${modesText}.`);
  for (const line of comparison.report()) print(line);
  const notReverified = recorded.rewards.size - reverified;
  // Stopped early: what was re-verified so far, computed here (the servers are gone).
  if (!request.disableAggregation && metrics === undefined) {
    metrics = await writeAggregateMetricsFile([metricsRun(files, request)], files.metrics);
  }
  print('Outputs:');
  print(`  re-verified rollouts: ${show(files.rollouts)}`);
  print(`  reward changes:       ${show(files.changes)} (${comparison.changed})`);
  print(`  failures:             ${show(files.failures)}${notReverified > 0 ? ` (${notReverified} rollouts not re-verified)` : ' (none)'}`);
  print(`  aggregate metrics:    ${metrics ? show(files.metrics) : 'none (--disable-aggregation)'}`);
  for (const agent of metrics ?? []) {
    print(`Key metrics for ${agent.agentName} (${agent.coverage.succeeded} rollouts):`);
    printKeyMetrics(agent, print);
  }
  if (unsafeModes) print(`WARNING: reverify_mode was not stateless (${unsafeModes}); the rewards above may be wrong.`);
  if (stop.signal.aborted) throw stoppedBy(stop.signal.reason as NodeJS.Signals, `after ${verified.succeeded + verified.failed} rollouts; continue with the same command plus --resume`);
  if (notReverified > 0) {
    print(`error: ${notReverified} of ${recorded.rewards.size} rollouts could not be re-verified; each failure is a line of ${show(files.failures)}.`);
    print('  fix: read their error, then run the same command with --resume to retry them');
    return 1;
  }
  return 0;
}

function stoppedBy(signal: NodeJS.Signals, what: string): RolloutGymError {
  return new RolloutGymError(`re-verification stopped by ${signal === 'SIGINT' ? 'Ctrl-C' : signal} ${what}`, { code: 'RG_COLLECTION', exitCode: exitCodeForSignal(signal) });
}

/** The re-verified run as the metrics file reads it; with --limit the inputs hold more rows than were re-verified. */
function metricsRun(files: { rollouts: string; failures: string }, request: ReverifyRequest): MetricsRun {
  return { rollouts: files.rollouts, failures: files.failures, ...(request.limit > 0 ? {} : { materialized: request.inputsPath }) };
}
