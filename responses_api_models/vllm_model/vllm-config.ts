// vllm_model's config block (SPEC 5.2), with our bounded retry and timeout settings.
import type { z } from 'zod';
import { ServerError } from '../../src/errors.ts';
import type { ServerContext } from '../../src/kit/server-context.ts';
import { configSchema } from './config-schema.ts';

export type VllmConfig = z.output<typeof configSchema> & { baseUrls: string[] };

/** Validates the block; errors name the key, never its value. */
export function readVllmConfig(context: ServerContext): VllmConfig {
  const parsed = configSchema.safeParse(context.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ServerError(`Invalid config \`${context.name}.${context.kind}.${context.implementation}.${issue.path.join('.')}\`: ${issue.message}`, {
      server: context.name,
      hint: 'vllm_model needs base_url, api_key, model, return_token_id_information and uses_reasoning_parser.',
    });
  }
  const baseUrls = typeof parsed.data.base_url === 'string' ? [parsed.data.base_url] : parsed.data.base_url;
  return { ...parsed.data, baseUrls };
}
