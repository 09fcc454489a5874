// openai_model's config block (SPEC 5.1) plus our bounded retry and timeout settings.
import { z } from 'zod';
import { modelServerConfigSchema } from '../../src/config/server-config-schema.ts';
import { ServerError } from '../../src/errors.ts';
import type { ServerContext } from '../../src/kit/server-context.ts';

const flag = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False', '1', '0', ''])]).transform((value) => value === true || value === 'true' || value === 'True' || value === '1');

/** Also the schema the orchestrator checks this block with before start (re-exported by config-schema.ts). */
export const configSchema = modelServerConfigSchema({
  openai_base_url: z.string().min(1),
  openai_api_key: z.string().nullable().optional(),
  openai_model: z.string().min(1),
  extra_body: z.record(z.string(), z.unknown()).nullable().optional(),
  openai_default_headers: z.record(z.string(), z.string()).nullable().optional(),
  max_concurrent_requests: z.number().int().positive().nullable().optional(),
  drop_input_reasoning_items: flag.nullable().optional(),
  max_retries: z.number().int().min(0).optional(),
  max_retry_time_s: z.number().positive().optional(),
  retry_base_delay_s: z.number().positive().optional(),
  request_timeout_s: z.number().positive().optional(),
});

export interface OpenAiModelConfig {
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
  extraBody: Record<string, unknown>;
  defaultHeaders: Record<string, string>;
  maxConcurrentRequests: number | undefined;
  dropInputReasoningItems: boolean;
  maxRetries: number;
  maxRetryTimeMs: number;
  retryBaseDelayMs: number;
  requestTimeoutMs: number;
}

/** Validates the block; errors name the key, never its value (it may be the API key). */
export function readOpenAiModelConfig(context: ServerContext): OpenAiModelConfig {
  const parsed = configSchema.safeParse(context.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = `${context.name}.${context.kind}.${context.implementation}.${issue.path.join('.')}`;
    throw new ServerError(`Invalid config \`${key}\`: ${issue.message}`, {
      server: context.name,
      hint: 'Set policy_base_url, policy_api_key and policy_model_name (env.yaml or `+key=value` overrides).',
    });
  }
  const config = parsed.data;
  return {
    baseUrl: config.openai_base_url,
    apiKey: config.openai_api_key ?? undefined,
    model: config.openai_model,
    extraBody: config.extra_body ?? {},
    defaultHeaders: config.openai_default_headers ?? {},
    maxConcurrentRequests: config.max_concurrent_requests ?? undefined,
    dropInputReasoningItems: config.drop_input_reasoning_items ?? false,
    maxRetries: config.max_retries ?? 6,
    maxRetryTimeMs: (config.max_retry_time_s ?? 180) * 1000,
    retryBaseDelayMs: (config.retry_base_delay_s ?? 0.5) * 1000,
    requestTimeoutMs: (config.request_timeout_s ?? 600) * 1000,
  };
}
