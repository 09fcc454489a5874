// Deterministic Responses objects for the offline model (ids derived from the conversation, honest model names).
import { createHash } from 'node:crypto';
import { responseEnvelope } from '../../src/kit/response-envelope.ts';
import type { ResponseCreateParams } from '../../src/kit/wire-schemas.ts';

type Item = Record<string, any>;

/** A short id stable for the same seed text. */
export function stableId(prefix: string, seed: string): string {
  return `${prefix}_${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;
}

/** Whitespace-separated words: a rough, deterministic token count (this is not a tokenizer). */
export function wordCount(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.split(/\s+/).filter(Boolean).length;
}

/** Wraps output items into a complete Response echoing the request. */
export function offlineResponse(params: ResponseCreateParams, output: Item[], model: string, seed: string): Item {
  const inputTokens = wordCount(params.input);
  const outputTokens = wordCount(output);
  return responseEnvelope(params, {
    id: stableId('resp', seed),
    createdAt: 0,
    model,
    output,
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + outputTokens,
    },
  });
}

/** An assistant message item. */
export function messageItem(text: string, seed: string): Item {
  return { id: stableId('msg', seed), type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
}
