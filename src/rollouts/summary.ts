// The end of a collection: where each output is, key metrics per agent on one scale, failures by class,
// a note when the policy is the offline model, and the exit code.
import type { ServerInstance } from '../config/types.ts';
import type { CollectOptions } from './collect-options.ts';
import type { CollectResult } from './collect-rollouts.ts';
import { memoryReport } from './memory-probe.ts';

export interface SummaryExtras {
  /** The prepared split (ng_e2e_collect_rollouts), listed with the other outputs. */
  preprocessedDataset?: string;
  /** The config's server instances, to notice agents whose policy is the offline model. */
  servers?: readonly ServerInstance[];
}

/** Print the summary; returns the exit code (1 when more than max_failure_fraction of rollouts failed). */
export function reportCollection(result: CollectResult, options: CollectOptions, print: (line: string) => void, show: (path: string) => string, extras: SummaryExtras = {}): number {
  const { tracker, files, total } = result;
  const failed = tracker.failed + result.exhausted;
  const succeeded = tracker.cached + tracker.succeeded;
  const notAttempted = Math.max(0, total - succeeded - failed);
  const byClass = [...tracker.failedByClass].map(([c, n]) => `${c} ${n}`).join(', ');
  print('');
  print(`Finished rollout collection: ${succeeded}/${total} succeeded, ${failed} failed${byClass ? ` (${byClass}${result.exhausted ? `, ${result.exhausted} out of attempts earlier` : ''})` : ''}${notAttempted ? `, ${notAttempted} not attempted` : ''}.`);
  print('Outputs:');
  if (extras.preprocessedDataset !== undefined) print(`  preprocessed dataset: ${show(extras.preprocessedDataset)}`);
  print(`  rollouts:             ${show(files.rollouts)}`);
  print(`  materialized inputs:  ${show(files.materialized)}`);
  print(`  failures:             ${show(files.failures)}${failed ? ` (${failed})` : ' (none)'}`);
  print(`  aggregate metrics:    ${result.metrics ? show(files.metrics) : 'none (+disable_aggregation=true)'}`);
  print(`  run manifest:         ${show(files.manifest)}`);
  for (const agent of result.metrics ?? []) {
    const { coverage } = agent;
    print(`Key metrics for ${agent.agentName} (${coverage.succeeded}/${coverage.expected ?? coverage.attempted} rollouts succeeded):`);
    printKeyMetrics(agent, print);
  }
  const agentNames = (result.metrics ?? []).map((agent) => agent.agentName);
  const offline = offlinePolicyAgents(extras.servers ?? [], agentNames);
  if (offline.length > 0) print(offlinePolicyNote(offline.length === agentNames.length ? [] : offline));
  if (options.reportPeakRss) for (const line of memoryReport()) print(line);
  if (result.stoppedBy === undefined && total > 0 && failed / total > options.maxFailureFraction) {
    print(`error: ${failed} of ${total} rollouts failed (${((100 * failed) / total).toFixed(1)}%), more than max_failure_fraction=${options.maxFailureFraction}.`);
    print(`  fix: read ${show(files.failures)} (each line has _ng_failure_class and error); resume with +resume_from_cache=true to retry them (up to max_rollout_attempts=${options.maxAttempts} attempts)`);
    return 1;
  }
  return result.stoppedBy === undefined ? 0 : 1;
}

/** Metrics over k rollouts of a task that NeMo Gym's helpers (and our metrics file) keep in percent. */
const PERCENT_METRIC = /^(pass@|majority@)/;
const OVER_K_METRIC = /^(pass@|majority@|mean@)/;

/**
 * An agent's key metrics, then its metrics over k rollouts per task (pass@k, mean@k, ...), one
 * `  name: value` line each and each once. Every figure is on the reward's own scale: the percentages
 * of the metrics file (NeMo Gym's convention for pass@k) are divided by 100, and the header says so.
 */
export function printKeyMetrics(agent: { key_metrics: Record<string, number>; agent_metrics: Record<string, number> }, print: (line: string) => void): void {
  const printed = new Set<string>();
  const overK: Array<[string, number]> = [];
  for (const [key, value] of Object.entries(agent.key_metrics)) {
    if (OVER_K_METRIC.test(key)) overK.push([key, value]);
    else print(`  ${key}: ${formatNumber(value)}`);
    printed.add(key);
  }
  for (const [key, value] of Object.entries(agent.agent_metrics)) if (OVER_K_METRIC.test(key) && !printed.has(key)) overK.push([key, value]);
  if (overK.length === 0) return;
  print('  over k rollouts per task, on the same scale as the means (pass@k: best of k, mean@k: mean of the first k):');
  for (const [key, value] of overK) print(`  ${key}: ${formatNumber(PERCENT_METRIC.test(key) ? value / 100 : value)}`);
}

/** Agents (of those in `agentNames`) whose `model_server` is an offline_model instance. */
export function offlinePolicyAgents(servers: readonly ServerInstance[], agentNames: readonly string[]): string[] {
  const offlineModels = new Set(servers.filter((server) => server.kind === 'responses_api_models' && server.implementation === 'offline_model').map((server) => server.name));
  if (offlineModels.size === 0) return [];
  return servers
    .filter((server) => server.kind === 'responses_api_agents' && agentNames.includes(server.name))
    .filter((agent) => {
      const model = agent.config.model_server as { name?: unknown } | undefined;
      return typeof model?.name === 'string' && offlineModels.has(model.name);
    })
    .map((agent) => agent.name);
}

/** One line; `agents` empty means every agent of the run. */
function offlinePolicyNote(agents: readonly string[]): string {
  const whose = agents.length === 0 ? 'the policy' : `the policy of ${agents.join(', ')}`;
  return `note: ${whose} is the offline model (responses_api_models/offline_model), not an LLM: its rewards check the tools and verifiers and say nothing about a model.`;
}

/** At most 4 decimals, without trailing zeros: 110.8, 0.3333, 5. */
function formatNumber(value: number): string {
  return String(Number(value.toFixed(4)));
}
