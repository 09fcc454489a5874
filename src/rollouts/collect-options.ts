// The rollout-collection options (SPEC 8.1 plus ours), read and validated from the resolved config tree.
import { z } from 'zod';
import { readOptions } from '../config/options.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { shardSpecOf, type ShardSpec } from './shard-partition.ts';

type OptionsSource = Pick<ResolvedConfig, 'tree' | 'origins'>;

/** NeMo Gym's `num_samples_in_parallel: null` means unbounded; we keep a finite window and say so. */
export const DEFAULT_PARALLEL = 64;
export const DEFAULT_ROLLOUT_TIMEOUT_S = 600;
export const DEFAULT_MAX_ATTEMPTS = 3;

/** A boolean option that also accepts the strings true/True/false/False (as Hydra writes them). */
export const flag = z.preprocess((value) => (value === 'true' || value === 'True' ? true : value === 'false' || value === 'False' ? false : value), z.boolean());
const positiveInt = z.coerce.number().int().min(1);

/** The options every collecting command takes, as zod shapes (`readOptions` reports problems with origins). */
export const COLLECT_OPTION_SHAPE = {
  input_jsonl_fpath: z.string().min(1).optional(),
  output_jsonl_fpath: z.string().min(1),
  agent_name: z.string().min(1).nullish(),
  limit: z.coerce.number().int().min(0).nullish(),
  num_repeats: z.union([positiveInt, z.record(z.string(), positiveInt)]).nullish(),
  num_repeats_add_seed: flag.default(false),
  num_samples_in_parallel: positiveInt.nullish(),
  responses_create_params: z.record(z.string(), z.unknown()).nullish(),
  resume_from_cache: flag.default(false),
  disable_aggregation: flag.default(false),
  rollout_timeout_s: z.coerce.number().positive().default(DEFAULT_ROLLOUT_TIMEOUT_S),
  max_failure_fraction: z.coerce.number().min(0).max(1).default(0),
  max_rollout_attempts: positiveInt.optional(),
  report_peak_rss: flag.default(false),
  num_shards: positiveInt.nullish(),
  shard_index: z.coerce.number().int().min(0).nullish(),
};

export interface CollectOptions {
  inputPath: string | undefined;
  outputPath: string;
  agentName: string | undefined;
  /** 0 = no limit (NeMo Gym's meaning). */
  limit: number;
  numRepeats: number | Record<string, number>;
  addSeed: boolean;
  parallel: number;
  overrides: Record<string, unknown>;
  resume: boolean;
  disableAggregation: boolean;
  timeoutMs: number;
  maxFailureFraction: number;
  maxAttempts: number;
  reportPeakRss: boolean;
  /** `num_shards` (1 when unsharded). */
  numShards: number;
  /** The one shard this command collects (`shard_index` of `num_shards`); undefined when unsharded or launching. */
  shard: ShardSpec | undefined;
  /** Lines to show the user before collecting (e.g. an override that was renamed). */
  notes: string[];
}

/**
 * Read the collection options from the resolved config; a bad value is a ConfigError naming key and origin.
 * `launching`: a launcher starts every shard elsewhere, so `num_shards` without `shard_index` is fine.
 */
export function readCollectOptions(resolved: OptionsSource, env: NodeJS.ProcessEnv, command: string, { launching = false } = {}): CollectOptions {
  const o = readOptions(resolved, COLLECT_OPTION_SHAPE, { command });
  const launchable = command === 'ng_e2e_collect_rollouts';
  const { overrides, notes } = normalizeOverrides(o.responses_create_params ?? {});
  return {
    inputPath: o.input_jsonl_fpath,
    outputPath: o.output_jsonl_fpath,
    agentName: o.agent_name ?? undefined,
    limit: o.limit ?? 0,
    numRepeats: o.num_repeats ?? 1,
    addSeed: o.num_repeats_add_seed,
    parallel: o.num_samples_in_parallel ?? DEFAULT_PARALLEL,
    overrides,
    resume: o.resume_from_cache,
    disableAggregation: o.disable_aggregation,
    timeoutMs: o.rollout_timeout_s * 1000,
    maxFailureFraction: o.max_failure_fraction,
    maxAttempts: o.max_rollout_attempts ?? attemptsFromEnv(env),
    reportPeakRss: o.report_peak_rss,
    numShards: o.num_shards ?? 1,
    shard: launching ? undefined : shardSpecOf(o.num_shards, o.shard_index, resolved.origins, { launchable }),
    notes,
  };
}

/**
 * `max_tokens` is Chat Completions' name; the Responses API (whose params forbid extra keys) calls it
 * `max_output_tokens`. The seeds' own command passes `max_tokens`, so translate it rather than fail every rollout.
 */
function normalizeOverrides(overrides: Record<string, unknown>): { overrides: Record<string, unknown>; notes: string[] } {
  if (!Object.hasOwn(overrides, 'max_tokens')) return { overrides, notes: [] };
  const { max_tokens: maxTokens, ...rest } = overrides;
  if (Object.hasOwn(rest, 'max_output_tokens')) {
    return { overrides: rest, notes: [`responses_create_params.max_tokens=${String(maxTokens)} ignored: max_output_tokens is set (the Responses API has no max_tokens)`] };
  }
  return {
    overrides: { ...rest, max_output_tokens: maxTokens },
    notes: [`responses_create_params.max_tokens=${String(maxTokens)} sent as max_output_tokens (the Responses API's name for it)`],
  };
}

function attemptsFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.NEMO_GYM_MAX_ROLLOUT_ATTEMPTS;
  if (raw === undefined || raw === '') return DEFAULT_MAX_ATTEMPTS;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 1) return value;
  process.emitWarning(`NEMO_GYM_MAX_ROLLOUT_ATTEMPTS=${JSON.stringify(raw)} is not a positive integer; using ${DEFAULT_MAX_ATTEMPTS}`);
  return DEFAULT_MAX_ATTEMPTS;
}
