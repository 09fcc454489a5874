// What every server block may hold (NeMo Gym's BaseRunServerInstanceConfig and its per-kind bases), and the helper
// each of our servers uses to declare its own block in `<server dir>/config-schema.ts`. The orchestrator imports
// only those schema modules (zod and this file) to check every block before anything starts; the server parses its
// block with the same schema, so the two cannot drift. Unknown keys are errors (typos), never silently ignored.
import { z } from 'zod';

/** NeMo Gym's Domain enum (nemo_gym/config_types.py). */
export const DOMAINS = ['math', 'coding', 'agent', 'knowledge', 'instruction_following', 'long_context', 'safety', 'games', 'translation', 'e2e', 'rlhf', 'other'] as const;

/** One entry of an agent's `datasets` (NeMo Gym's DatasetConfig / BenchmarkDatasetConfig fields). */
export const datasetSchema = z.strictObject({
  name: z.string(),
  type: z.enum(['train', 'validation', 'example', 'benchmark']),
  jsonl_fpath: z.string(),
  num_repeats: z.int().min(1).optional(),
  source: z.record(z.string(), z.unknown()).nullable().optional(),
  gitlab_identifier: z.record(z.string(), z.unknown()).nullable().optional(),
  huggingface_identifier: z.record(z.string(), z.unknown()).nullable().optional(),
  license: z.string().nullable().optional(),
  prepare_script: z.string().nullable().optional(),
  prompt_config: z.string().nullable().optional(),
});

/** Keys of any server block: how it is started and addressed, and the catalog entries NeMo Gym's configs carry. */
const COMMON_KEYS = {
  entrypoint: z.string().optional(),
  host: z.string().nullable().optional(),
  port: z.int().min(0).max(65535).nullable().optional(),
  num_workers: z.int().positive().nullable().optional(),
  name: z.string().optional(),
  domain: z.enum(DOMAINS).nullable().optional(),
  datasets: z.array(datasetSchema).nullable().optional(),
  verified: z.boolean().optional(),
  description: z.string().nullable().optional(),
  value: z.string().nullable().optional(),
};

/** `{type: <kind>, name: <server>}`: a reference to another server of the run. */
export function serverRefSchema(kind: 'resources_servers' | 'responses_api_models' | 'responses_api_agents') {
  return z.strictObject({ type: z.literal(kind).optional(), name: z.string().min(1) });
}

/** A resources server's block: the common keys, NeMo Gym's BaseResourcesServerConfig keys, then `own`. */
export function resourcesServerConfigSchema<Own extends z.ZodRawShape>(own: Own) {
  return z.strictObject({ ...COMMON_KEYS, expose_tools_over_mcp: z.boolean().optional(), ...own });
}

/** An agent's block: the common keys, NeMo Gym's BaseResponsesAPIAgentConfig keys, then `own`. */
export function agentServerConfigSchema<Own extends z.ZodRawShape>(own: Own) {
  return z.strictObject({
    ...COMMON_KEYS,
    skip_verification: z.boolean().optional(),
    skip_verification_reward: z.number().optional(),
    token_id_capture: z.boolean().optional(),
    ...own,
  });
}

/** A model server's block: the common keys, then `own`. */
export function modelServerConfigSchema<Own extends z.ZodRawShape>(own: Own) {
  return z.strictObject({ ...COMMON_KEYS, ...own });
}

/**
 * A key NeMo Gym's Python implementation of the same name takes and ours does not: accepted at NeMo Gym's default
 * (the config means what it says), refused otherwise, so a NeMo Gym config never silently loses a behaviour.
 */
export function notImplemented(implementation: string, defaultValue: boolean | null) {
  const message = `rollout-gym's ${implementation} does not implement this (NeMo Gym's Python ${implementation} does); remove it or set it to ${String(defaultValue)}`;
  return defaultValue === null ? z.null({ error: message }).optional() : z.literal(defaultValue, { error: message }).optional();
}
