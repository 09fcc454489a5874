// `gym eval reverify`: its options, read from the resolved config (flags arrive as overrides).
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Command } from '../cli/run-cli.ts';
import { checkUnknownTopLevelKeys, readOptions } from '../config/options.ts';
import { resolveInputPath } from '../config/paths.ts';
import { resolveConfig } from '../config/resolve-config.ts';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_PARALLEL, DEFAULT_ROLLOUT_TIMEOUT_S, flag } from '../rollouts/collect-options.ts';
import { STACK_OPTION_KEYS } from '../servers/stack-settings.ts';
import { reverifyRollouts } from './reverify-rollouts.ts';

const positiveInt = z.coerce.number().int().min(1);
const SHAPE = {
  materialized_inputs_jsonl_fpath: z.string().min(1),
  rollouts_jsonl_fpath: z.string().min(1),
  output_jsonl_fpath: z.string().min(1),
  force: flag.default(false),
  overwrite: flag.default(false),
  resume_from_cache: flag.default(false),
  disable_aggregation: flag.default(false),
  num_samples_in_parallel: positiveInt.nullish(),
  limit: positiveInt.nullish(),
  rollout_timeout_s: z.coerce.number().positive().default(DEFAULT_ROLLOUT_TIMEOUT_S),
  max_rollout_attempts: positiveInt.optional(),
};

export const reverifyCommand: Command = async (io) => {
  const command = 'gym eval reverify';
  const resolved = await resolveConfig({ argv: io.argv, cwd: io.cwd, env: io.env });
  checkUnknownTopLevelKeys(resolved, [...Object.keys(SHAPE), ...STACK_OPTION_KEYS], { command });
  const options = readOptions(resolved, SHAPE, { command });
  const input = (key: 'materialized_inputs_jsonl_fpath' | 'rollouts_jsonl_fpath'): string =>
    resolveInputPath(options[key], { cwd: io.cwd, env: io.env, key, source: resolved.origins.get(key), what: 'Input file' });
  return reverifyRollouts(
    resolved,
    {
      inputsPath: input('materialized_inputs_jsonl_fpath'),
      rolloutsPath: input('rollouts_jsonl_fpath'),
      outputPath: resolve(io.cwd, options.output_jsonl_fpath),
      force: options.force,
      overwrite: options.overwrite,
      resume: options.resume_from_cache,
      disableAggregation: options.disable_aggregation,
      parallel: options.num_samples_in_parallel ?? DEFAULT_PARALLEL,
      limit: options.limit ?? 0,
      timeoutMs: options.rollout_timeout_s * 1000,
      maxAttempts: options.max_rollout_attempts ?? DEFAULT_MAX_ATTEMPTS,
    },
    io,
  );
};
