import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addUsage } from '../usage.ts';

const call = (input: number, cached: number | undefined, cacheWrites: number | undefined) => ({
  input_tokens: input,
  input_tokens_details: { ...(cached !== undefined && { cached_tokens: cached }), ...(cacheWrites !== undefined && { cache_write_tokens: cacheWrites }) },
  output_tokens: 5,
  output_tokens_details: { reasoning_tokens: 1 },
  total_tokens: input + 5,
});

test("usage over an episode as NeMo Gym's accumulate_response_usage: counts summed, cache_write_tokens the first call's", () => {
  const total = [call(100, 10, 3), call(50, 20, 7)].reduce(addUsage, null);
  assert.deepEqual(total, {
    input_tokens: 150,
    input_tokens_details: { cached_tokens: 30, cache_write_tokens: 3 },
    output_tokens: 10,
    output_tokens_details: { reasoning_tokens: 2 },
    total_tokens: 160,
  });
});

test('a model server that reports neither cached tokens nor cache writes gives null and no cache_write_tokens', () => {
  const total = [call(100, undefined, undefined), call(50, 20, undefined)].reduce(addUsage, null);
  assert.deepEqual(total!.input_tokens_details, { cached_tokens: null });
});
