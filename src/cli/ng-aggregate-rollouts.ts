// `ng_aggregate_rollouts`: merge shards (or seed replicas) exactly and write their aggregate metrics; with
// +config_paths the agents' environments compute them (their POST /aggregate_metrics), else they are computed here.
import { mkdirSync, rmdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { checkUnknownTopLevelKeys, readOptions } from '../config/options.ts';
import { displayPath } from '../config/paths.ts';
import { resolveConfig } from '../config/resolve-config.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { RolloutGymError } from '../errors.ts';
import { serversForAgents } from '../metrics/metrics-servers.ts';
import { DEFAULT_ROLLOUT_TIMEOUT_S } from '../rollouts/collect-options.ts';
import { memoryReport, startMemoryProbe } from '../rollouts/memory-probe.ts';
import { writeAggregateMetricsFile, type EnvironmentRoute } from '../rollouts/metrics-file.ts';
import { runFilesFor } from '../rollouts/run-files.ts';
import { commitStaged, discardStaged, expandShardGlobs, planMerge, stageMergedOutputs, type StagedFile } from '../rollouts/shards.ts';
import { printKeyMetrics } from '../rollouts/summary.ts';
import { exitCodeForSignal, onStopRequested, signalLabel } from '../servers/on-signal.ts';
import { startServerStack, type ServerStack } from '../servers/server-stack.ts';
import { STACK_OPTION_KEYS } from '../servers/stack-settings.ts';
import type { Command, CommandIo } from './run-cli.ts';

const flag = z.preprocess((value) => (value === 'true' || value === 'True' ? true : value === 'false' || value === 'False' ? false : value), z.boolean());
const SHAPE = {
  input_glob: z.string().min(1),
  output_jsonl_fpath: z.string().min(1),
  merge_shards: flag.default(true),
  shard_mode: z.enum(['shard', 'replica']).default('shard'),
  aggregate_metrics_timeout_s: z.coerce.number().positive().default(DEFAULT_ROLLOUT_TIMEOUT_S),
  report_peak_rss: flag.default(false),
};

export const ngAggregateRollouts: Command = async (io) => {
  const { argv, cwd, env, stdout } = io;
  const command = 'ng_aggregate_rollouts';
  const resolved = await resolveConfig({ argv, cwd, env });
  checkUnknownTopLevelKeys(resolved, [...Object.keys(SHAPE), ...STACK_OPTION_KEYS], { command });
  const options = readOptions(resolved, SHAPE, { command });
  const outputPath = resolve(cwd, options.output_jsonl_fpath);
  const files = runFilesFor(outputPath);
  const print = (line: string): void => void stdout.write(`${line}\n`);
  const show = (path: string): string => displayPath(path, cwd);

  // The output is never one of the inputs (a rerun with a broad glob matches the previous merge).
  const paths = (await expandShardGlobs(options.input_glob, cwd)).filter((path) => path !== outputPath);
  print(`Aggregating ${paths.length} ${options.shard_mode === 'replica' ? 'replica' : 'shard'}${paths.length === 1 ? '' : 's'}:`);
  for (const path of paths) print(`  ${show(path)}`);
  const plan = await planMerge(paths, options.shard_mode, show);
  for (const note of plan.notes) print(`note: ${note}`);

  const stop = new AbortController();
  using _stop = onStopRequested((signal) => {
    stop.abort(new RolloutGymError(`stopped by ${signalLabel(signal)}; no output was written (the shards are untouched)`, { code: 'RG_COLLECTION', exitCode: exitCodeForSignal(signal) }));
  }, { stderr: io.stderr });
  const stopProbe = options.report_peak_rss ? startMemoryProbe() : undefined;
  let stack: ServerStack | undefined;
  let createdDir: string | undefined;
  const staged: StagedFile[] = [];
  try {
    // With a config, each agent's environment computes its metrics; only the servers they need are started.
    const environment: EnvironmentRoute | undefined =
      resolved.servers.length === 0
        ? undefined
        : {
            timeoutMs: options.aggregate_metrics_timeout_s * 1000,
            agentUrls: async (agents) => {
              stack = await startMetricsServers(resolved, agents, io, stop.signal);
              const urls = new Map(stack.servers.map((server) => [server.name, server.url]));
              return new Map(agents.map((agent) => [agent, urls.get(agent)!]));
            },
          };
    createdDir = mkdirSync(dirname(outputPath), { recursive: true });
    const metrics: StagedFile = { temp: `${files.metrics}.${process.pid}.staged`, final: files.metrics };
    staged.push(metrics);
    const summaries = await writeAggregateMetricsFile(plan.runs, metrics.temp, { environment, log: print, signal: stop.signal });
    await stack?.stop();
    if (options.merge_shards) staged.unshift(...(await stageMergedOutputs(plan.runs, files, stop.signal)));
    stop.signal.throwIfAborted();
    // The metrics file comes last: once it is there, so is everything else.
    commitStaged(staged, files);
    staged.length = 0;
    if (options.merge_shards) print(`Merged rollouts: ${show(outputPath)}`);
    print(`Aggregate metrics: ${show(files.metrics)}`);
    for (const agent of summaries) {
      const from = agent.source === 'environment' ? ', from its environment' : '';
      print(`Key metrics for ${agent.agentName} (${agent.coverage.succeeded} rollouts${from}):`);
      printKeyMetrics(agent, print);
    }
    stopProbe?.();
    if (options.report_peak_rss) for (const line of memoryReport()) print(line);
  } catch (error) {
    // A refusal or a stop leaves nothing behind: neither a merged file nor a metrics file, nor a new folder.
    discardStaged(staged);
    if (createdDir !== undefined) removeEmptyFolders(dirname(outputPath), createdDir);
    throw stop.signal.aborted ? stop.signal.reason : error;
  } finally {
    stopProbe?.();
    discardStaged(staged);
    await stack?.stop();
  }
};

async function startMetricsServers(resolved: ResolvedConfig, agents: readonly string[], io: CommandIo, signal: AbortSignal): Promise<ServerStack> {
  const servers = serversForAgents(resolved, agents);
  io.stdout.write(`Starting ${servers.map((server) => server.name).join(', ')} for their POST /aggregate_metrics\n`);
  // No model server is started and none is called, so upstream model endpoints are not checked.
  return startServerStack({ ...resolved, servers }, { stdout: io.stdout, stderr: io.stderr, env: io.env, signal, register: false, checkModelEndpoints: false });
}

/** Remove `folder` and its parents up to `top` while they are empty (the folders this command created). */
function removeEmptyFolders(folder: string, top: string): void {
  for (let current = folder; current.startsWith(top); current = dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
    if (current === top) return;
  }
}
