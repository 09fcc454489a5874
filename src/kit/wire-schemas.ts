// Zod schemas of NeMo Gym's wire shapes (SPEC 3.2): Responses create params, input/output items, Response.
import { z } from 'zod';

/** An input item: a typed item, or an "easy" message with `role` and `content` but no `type`. */
export const inputItemSchema = z
  .looseObject({ type: z.string().optional(), role: z.string().optional() })
  .refine((item) => item.type !== undefined || item.role !== undefined, { message: 'Input items need a `type` (or a `role` for a message)' });

const nullable = <Schema extends z.ZodType>(schema: Schema) => schema.nullable().optional();

/** NeMo Gym's non-streaming Responses create params: extra keys are forbidden, as there. */
export const responseCreateParamsSchema = z.strictObject({
  input: z.union([z.string(), z.array(inputItemSchema)]),
  background: nullable(z.boolean()),
  include: nullable(z.array(z.string())),
  instructions: nullable(z.string()),
  max_output_tokens: nullable(z.number().int()),
  max_tool_calls: nullable(z.number().int()),
  metadata: nullable(z.record(z.string(), z.string())),
  model: nullable(z.string()),
  previous_response_id: nullable(z.string()),
  prompt: nullable(z.looseObject({})),
  reasoning: nullable(z.looseObject({})),
  service_tier: nullable(z.string()),
  store: nullable(z.boolean()),
  temperature: nullable(z.number()),
  text: nullable(z.looseObject({})),
  top_logprobs: nullable(z.number().int()),
  top_p: nullable(z.number()),
  truncation: nullable(z.string()),
  user: nullable(z.string()),
  stream: nullable(z.literal(false)),
  parallel_tool_calls: nullable(z.boolean()),
  tool_choice: nullable(z.union([z.string(), z.looseObject({})])),
  tools: nullable(z.array(z.looseObject({ type: z.string() }))),
});

export type ResponseCreateParams = z.output<typeof responseCreateParamsSchema>;

/** An output item: anything with a `type` (items without one are rejected, as in NeMo Gym). */
export const outputItemSchema = z.looseObject({ type: z.string() });

export const responseSchema = z.looseObject({
  id: z.string().optional(),
  output: z.array(outputItemSchema),
});

export type ResponseObject = z.output<typeof responseSchema>;
export type ResponseItem = Record<string, unknown> & { type: string };

export interface Usage {
  input_tokens: number;
  /** cache_write_tokens: required by openai-python >= 2.40's InputTokensDetails (NeMo Gym's validation, when its
   * venv has such an openai); vLLM and the offline model report 0 as NeMo Gym's own agents do. */
  input_tokens_details: { cached_tokens: number | null; cache_write_tokens?: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number | null };
  total_tokens: number;
}

/** `/run` request: create params plus any task fields (kept). */
export const runRequestSchema = z.looseObject({ responses_create_params: responseCreateParamsSchema });

/** `/verify` request: create params, the episode's response, plus task fields. */
export const verifyRequestSchema = z.looseObject({ responses_create_params: responseCreateParamsSchema, response: responseSchema });

/** A chat completions request body: `messages` required, every other field passed through. */
export const chatCompletionRequestSchema = z.looseObject({
  messages: z.array(z.looseObject({ role: z.string() })),
  model: nullable(z.string()),
});

/** Normalises `input` to a list of items (a string becomes one user message), as the agent and models do. */
export function inputItemsOf(input: ResponseCreateParams['input']): Record<string, unknown>[] {
  return typeof input === 'string' ? [{ role: 'user', content: input, type: 'message' }] : (input as Record<string, unknown>[]);
}
