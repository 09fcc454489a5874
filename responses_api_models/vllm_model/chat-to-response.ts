// Chat Completions answer -> Responses API `response` (SPEC 5.2 step 5): reasoning, message, function calls, usage.
import { randomBytes } from 'node:crypto';
import { responseEnvelope } from '../../src/kit/response-envelope.ts';
import type { ResponseCreateParams } from '../../src/kit/wire-schemas.ts';
import { splitThink } from './think-tags.ts';

type Item = Record<string, any>;

const hexId = (prefix: string): string => `${prefix}_${randomBytes(16).toString('hex')}`;

/** The output items of one assistant chat message, in Responses order: reasoning, message, function calls. */
export function assistantMessageToItems(message: Item): Item[] {
  const engineReasoning = message.reasoning_content ?? message.reasoning;
  const content = typeof message.content === 'string' ? message.content : '';
  const split = splitThink((typeof engineReasoning === 'string' && engineReasoning !== '' ? `<think>${engineReasoning}</think>` : '') + content);
  const items: Item[] = [];
  if (split.reasoning.length > 0) {
    items.push({ id: hexId('rs'), type: 'reasoning', summary: split.reasoning.map((text) => ({ type: 'summary_text', text })) });
  }
  const toolCalls = (message.tool_calls ?? []) as Item[];
  if (split.text !== '' || (split.reasoning.length === 0 && toolCalls.length === 0)) {
    items.push({ id: hexId('msg'), type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: split.text, annotations: [] }] });
  }
  for (const call of toolCalls) {
    items.push({ type: 'function_call', call_id: call.id, id: call.id, name: call.function?.name, arguments: call.function?.arguments ?? '{}', status: 'completed' });
  }
  return items;
}

function incompleteDetailsOf(finishReason: unknown): { reason: string } | null {
  if (finishReason === 'length') return { reason: 'max_output_tokens' };
  if (finishReason === 'content_filter') return { reason: 'content_filter' };
  return null;
}

/** Builds the Response for a chat completion, echoing the request's parameters. */
export function toResponse(completion: Item, params: ResponseCreateParams, model: string): Item {
  const choice = (completion.choices?.[0] ?? { message: { role: 'assistant', content: '' } }) as Item;
  const incompleteDetails = incompleteDetailsOf(choice.finish_reason);
  const usage = completion.usage as Item | undefined;
  return responseEnvelope(params, {
    id: hexId('resp'),
    createdAt: typeof completion.created === 'number' ? completion.created : Math.floor(Date.now() / 1000),
    model,
    output: assistantMessageToItems(choice.message ?? {}),
    incompleteDetails,
    usage: usage
      ? {
          input_tokens: usage.prompt_tokens ?? 0,
          input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0, cache_write_tokens: 0 },
          output_tokens: usage.completion_tokens ?? 0,
          output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
          total_tokens: usage.total_tokens ?? (usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0),
        }
      : null,
  });
}
