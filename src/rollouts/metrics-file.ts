// `<stem>_aggregate_metrics.json`: per agent, the environment's own metrics (its POST /aggregate_metrics, as
// NeMo Gym's collector asks for them) or, for an agent without that route or offline, NeMo's default metrics
// computed here; plus our additions: pass@k / mean@k and coverage. Written to a temp file and renamed, so a
// reader never sees half a file and a failure leaves none. Memory does not grow with the rollouts: they are
// sorted on disk (RolloutStore) past a limit, in a spill directory beside the file, removed at the end.
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { keyMetricsOf } from '../metrics/aggregate-metrics.ts';
import { AnswerSpool } from '../metrics/environment-answer.ts';
import { aggregateRequestBody, requestEnvironmentMetrics } from '../metrics/environment-metrics.ts';
import { failedKeysByAgent, type FailedKeys } from '../metrics/failed-keys.ts';
import { RolloutStore, type Replica } from '../metrics/rollout-store.ts';
import { SpillDir, type SpillLimits } from '../metrics/spill-dir.ts';
import { agentMetricsOf, groupLevelMetrics } from '../metrics/streamed-metrics.ts';
import { writeObjectWithStreamedArray } from './json-stream.ts';
import { readJsonl } from './jsonl-reader.ts';
import { agentNameOf } from './rollout-key.ts';

export interface Coverage {
  attempted: number;
  succeeded: number;
  failed: number;
  failed_by_class: Record<string, number>;
  not_attempted?: number;
  expected?: number;
}

export interface AgentMetricsSummary {
  agentName: string;
  /** The numeric entries (what a summary can print); the file has every entry. */
  agent_metrics: Record<string, number>;
  key_metrics: Record<string, number>;
  coverage: Coverage;
  /** Where agent_metrics, key_metrics and group_level_metrics came from. */
  source: 'environment' | 'local';
}

/** The outputs of one run: the collector's own, one shard, or one seed replica (whose rollouts are renumbered). */
export interface MetricsRun {
  rollouts: string;
  /** How to name the file in messages (default: its path). */
  shown?: string;
  /** Failures sidecar: a key that never succeeded counts as failed with its last class. */
  failures?: string;
  /** Materialized inputs: how many rollouts each agent was expected to produce. */
  materialized?: string;
  replica?: Replica;
}

/** Ask each agent for its environment's metrics (NeMo Gym's POST /aggregate_metrics). */
export interface EnvironmentRoute {
  /**
   * The URLs of the agents that have rollouts (called once, after the rollouts were read and checked, so a
   * caller can start servers only when they are needed); an agent left out is computed here.
   */
  agentUrls(names: readonly string[]): Promise<ReadonlyMap<string, string>>;
  timeoutMs: number;
}

export interface MetricsFileOptions {
  environment?: EnvironmentRoute;
  /** Notes for the user (an agent without the route, an environment that failed). */
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** What may be held in memory before spilling to disk (tests make it tiny). */
  spillLimits?: Partial<SpillLimits>;
}

/** Compute metrics per agent (sorted by name) and write them to `metricsPath` in NeMo Gym's array shape. */
export async function writeAggregateMetricsFile(runs: readonly MetricsRun[], metricsPath: string, options: MetricsFileOptions = {}): Promise<AgentMetricsSummary[]> {
  const log = options.log ?? (() => {});
  const { signal } = options;
  const spill = new SpillDir(`${metricsPath}.spill-`, options.spillLimits);
  const sources = runs.map((run) => ({ path: run.rollouts, shown: run.shown ?? run.rollouts, replica: run.replica }));
  const temp = `${metricsPath}.${process.pid}.tmp`;
  let store: RolloutStore | undefined;
  try {
    store = await RolloutStore.build(sources, spill, signal);
    const failed = await failedKeysByAgent(runs, store, spill);
    const expected = await expectedRollouts(runs, log);
    const agentUrls = options.environment && store.size > 0 ? await options.environment.agentUrls(store.agents()) : new Map<string, string>();
    const names = [...new Set([...store.agents(), ...(expected?.keys() ?? []), ...failed.keys()])].sort();
    const summaries: AgentMetricsSummary[] = [];
    const fd = openSync(temp, 'w');
    try {
      const write = (text: string): void => void writeSync(fd, text);
      write('[');
      for (const [i, name] of names.entries()) {
        const rollouts = store.countOf(name);
        const local = await agentMetricsOf(store.rolloutsOf(name), store.columnNames, spill, signal);
        const coverage = coverageOf(rollouts, failed.get(name), expected?.get(name));
        const open = (position?: number) => store!.rolloutsOf(name, position);
        let metrics: { agent_metrics: Record<string, unknown>; key_metrics: Record<string, unknown>; groups: Iterable<unknown> | AsyncIterable<unknown> } = {
          agent_metrics: local.agentMetrics,
          key_metrics: keyMetricsOf(local.agentMetrics),
          groups: groupLevelMetrics(open, local.columns, spill, signal),
        };
        let source: AgentMetricsSummary['source'] = 'local';
        const spool = new AnswerSpool(spill);
        try {
          // As NeMo Gym: an agent without a successful rollout is not asked.
          const url = rollouts > 0 ? agentUrls.get(name) : undefined;
          if (url !== undefined) {
            const answer = await requestEnvironmentMetrics(url, aggregateRequestBody(store, name), { timeoutMs: options.environment!.timeoutMs, signal, spool });
            if (answer.kind === 'metrics') {
              metrics = { agent_metrics: withOurAdditions(answer.agent_metrics, local.agentMetrics), key_metrics: answer.key_metrics, groups: spool.groups() };
              source = 'environment';
            } else if (answer.kind === 'no_route') {
              log(`note: agent ${name} has no POST /aggregate_metrics (HTTP ${answer.status}); its metrics were computed here (NeMo Gym's default statistics)`);
            } else if (answer.status === 413) {
              // Sending again would fail the same way: the servers take the whole request in memory, up to a limit.
              log(`warning: agent ${name}'s POST /aggregate_metrics refused the verify responses of ${rollouts} rollouts as too large (${answer.reason}); wrote metrics computed here instead (NeMo Gym's default statistics, without the environment's own)`);
            } else {
              log(`warning: agent ${name}'s POST /aggregate_metrics failed (${answer.reason}); wrote metrics computed here instead, without the environment's own. Recompute them once it is fixed: ng_aggregate_rollouts +config_paths=[<the run's configs>] +input_glob=${runs.map((run) => run.shown ?? run.rollouts).join(',')} +output_jsonl_fpath=<merged.jsonl>`);
            }
          }
          write(i === 0 ? '\n' : ',\n');
          const fields = { agent_ref: { name }, agent_metrics: metrics.agent_metrics, key_metrics: metrics.key_metrics, coverage };
          await writeObjectWithStreamedArray(write, fields, 'group_level_metrics', metrics.groups, 2);
        } finally {
          spool.dispose();
        }
        summaries.push({ agentName: name, agent_metrics: numbersOf(metrics.agent_metrics), key_metrics: numbersOf(metrics.key_metrics), coverage, source });
      }
      write(names.length === 0 ? ']\n' : '\n]\n');
    } finally {
      closeSync(fd);
    }
    renameSync(temp, metricsPath);
    return summaries;
  } finally {
    store?.close();
    spill.dispose();
    rmSync(temp, { force: true });
  }
}

/** The environment's agent metrics, plus our pass@k / mean@k where it has no entry of that name. */
function withOurAdditions(environment: Record<string, unknown>, local: Record<string, number>): Record<string, unknown> {
  const merged = { ...environment };
  for (const [key, value] of Object.entries(local)) if (/^(pass|mean)@\d+\//.test(key) && !Object.hasOwn(merged, key)) merged[key] = value;
  return merged;
}

function numbersOf(values: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

/** Rollouts expected per agent, when every run has its materialized inputs (else undefined: unknown). */
async function expectedRollouts(runs: readonly MetricsRun[], log: (line: string) => void): Promise<Map<string, number> | undefined> {
  const without = runs.filter((run) => run.materialized === undefined || !existsSync(run.materialized));
  if (without.length > 0) {
    if (without.length < runs.length) {
      log(`note: coverage has no expected / not_attempted counts: no materialized inputs beside ${without.map((run) => run.shown ?? run.rollouts).join(', ')}`);
    }
    return undefined;
  }
  const expected = new Map<string, number>();
  for (const run of runs) {
    for await (const { value } of readJsonl(run.materialized!)) {
      const agent = agentNameOf(value) ?? 'agent';
      expected.set(agent, (expected.get(agent) ?? 0) + 1);
    }
  }
  return expected;
}

function coverageOf(succeeded: number, failedKeys: FailedKeys | undefined, expected: number | undefined): Coverage {
  const failed = failedKeys?.failed ?? 0;
  // Sorted by class, so the bytes do not depend on which shard's failures were read first.
  const failedByClass = Object.fromEntries([...(failedKeys?.byClass ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const coverage: Coverage = { attempted: succeeded + failed, succeeded, failed, failed_by_class: failedByClass };
  if (expected !== undefined) {
    coverage.expected = expected;
    coverage.not_attempted = Math.max(0, expected - succeeded - failed);
  }
  return coverage;
}
