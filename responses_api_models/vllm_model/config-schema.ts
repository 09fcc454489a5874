// vllm_model's config block (SPEC 5.2) with our retry and timeout settings; parsed by vllm-config.ts.
import { z } from 'zod';
import { modelServerConfigSchema, notImplemented } from '../../src/config/server-config-schema.ts';

const objectMap = z.record(z.string(), z.unknown()).nullable().optional();

export const configSchema = modelServerConfigSchema({
  base_url: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  api_key: z.string().nullable().optional(),
  model: z.string().min(1),
  return_token_id_information: z.boolean(),
  uses_reasoning_parser: z.boolean(),
  uses_interleaved_reasoning: z.boolean().optional(),
  replace_developer_role_with_system: z.boolean().optional(),
  is_responses_native: z.boolean().optional(),
  chat_template_kwargs: objectMap,
  sampling_overrides: objectMap,
  extra_body: objectMap,
  default_headers: z.record(z.string(), z.string()).nullable().optional(),
  max_retries: z.int().min(0).optional(),
  max_retry_time_s: z.number().positive().optional(),
  request_timeout_s: z.number().positive().optional(),
  // NeMo Gym's VLLMModelConfig keys this port does not implement: fine at NeMo Gym's default, refused otherwise.
  request_prompt_and_generation_token_ids: notImplemented('vllm_model', false),
  preserve_reasoning_in_assistant_content: notImplemented('vllm_model', false),
  sequential_reasoning_allowed: notImplemented('vllm_model', true),
  audio_root: notImplemented('vllm_model', null),
  use_completions_api: notImplemented('vllm_model', false),
  render_chat_template: notImplemented('vllm_model', false),
  tokenizer: notImplemented('vllm_model', null),
});
