import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionsPerOrigin, openFileLimit } from '../../src/kit/connection-budget.ts';
import { withFieldAppended } from '../../src/kit/json-splice.ts';

test('a field is appended to JSON text as the object spread would add it, or not at all', () => {
  const text = '{"responses_create_params": {"input": "hi"}, "score": 1.0}\n';
  const object = JSON.parse(text) as Record<string, unknown>;
  const spliced = withFieldAppended(text, object, 'response', { output: [] });
  assert.deepEqual(JSON.parse(spliced!), { ...object, response: { output: [] } });
  // The received spelling stays (1.0 is not rewritten as 1).
  assert.match(spliced!, /"score": 1\.0,"response":\{"output":\[\]\}\}$/);
  assert.equal(withFieldAppended('{}', {}, 'response', 1), '{"response":1}');
  // A key already there keeps its place in a spread: the caller stringifies instead.
  assert.equal(withFieldAppended('{"response":0,"a":1}', { response: 0, a: 1 }, 'response', 2), undefined);
});

test('connections per origin leave every hop a third of the descriptor limit after a tenth kept back, and no cap when it is unknown', () => {
  assert.equal(connectionsPerOrigin(20_000), 6000);
  assert.equal(connectionsPerOrigin(1024), 170);
  assert.equal(connectionsPerOrigin(100), 16);
  assert.equal(connectionsPerOrigin(null), null);
  if (process.platform === 'linux') assert.ok((openFileLimit() ?? 0) > 0);
});
