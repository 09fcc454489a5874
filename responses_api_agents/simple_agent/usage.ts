// Token usage summed over an episode's model calls, as NeMo Gym's simple_agent does.
import type { Usage } from '../../src/kit/wire-schemas.ts';

function sumOrNull(a: number | null | undefined, b: number | null | undefined): number | null {
  return typeof a === 'number' && typeof b === 'number' ? a + b : null;
}

/** Adds one call's usage to the running total; cached/reasoning sums become null once either side lacks them.
 * cache_write_tokens is the first call's, as NeMo Gym's accumulate_response_usage (a copy of the first usage
 * with the other counts added) leaves it. */
export function addUsage(total: Usage | null, next: unknown): Usage | null {
  if (next === null || typeof next !== 'object') return total;
  const usage = next as Partial<Usage>;
  const current: Usage = {
    input_tokens: usage.input_tokens ?? 0,
    input_tokens_details: withCacheWrites({ cached_tokens: usage.input_tokens_details?.cached_tokens ?? null }, usage.input_tokens_details?.cache_write_tokens),
    output_tokens: usage.output_tokens ?? 0,
    output_tokens_details: { reasoning_tokens: usage.output_tokens_details?.reasoning_tokens ?? null },
    total_tokens: usage.total_tokens ?? 0,
  };
  if (total === null) return current;
  return {
    input_tokens: total.input_tokens + current.input_tokens,
    input_tokens_details: withCacheWrites({ cached_tokens: sumOrNull(total.input_tokens_details.cached_tokens, current.input_tokens_details.cached_tokens) }, total.input_tokens_details.cache_write_tokens),
    output_tokens: total.output_tokens + current.output_tokens,
    output_tokens_details: { reasoning_tokens: sumOrNull(total.output_tokens_details.reasoning_tokens, current.output_tokens_details.reasoning_tokens) },
    total_tokens: total.total_tokens + current.total_tokens,
  };
}

function withCacheWrites(details: { cached_tokens: number | null }, cacheWrites: number | undefined): Usage['input_tokens_details'] {
  return typeof cacheWrites === 'number' ? { ...details, cache_write_tokens: cacheWrites } : details;
}
