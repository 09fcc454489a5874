import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionsPerOrigin, openFileLimit } from '../../src/kit/connection-budget.ts';
import { asJsonlLine, withFieldAppended, withFieldsAppended } from '../../src/kit/json-splice.ts';

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

test('bookkeeping fields are appended to a verify response text as the spread would add them, or not at all', () => {
  const text = '{"reward": 1.0, "response": {"output": [{"type": "message", "text": "caf\\u00e9"}]}}';
  const result = JSON.parse(text) as Record<string, unknown>;
  const bookkeeping = { _ng_task_index: 3, _ng_rollout_index: 0, agent_ref: { name: 'a' }, skipped: undefined };
  const line = withFieldsAppended(text, result, bookkeeping)!;
  assert.deepEqual(JSON.parse(line), JSON.parse(JSON.stringify({ ...result, ...bookkeeping })));
  assert.deepEqual(Object.keys(JSON.parse(line) as object), Object.keys({ ...result, ...bookkeeping }).filter((k) => k !== 'skipped'));
  // The agent's spelling stays (1.0, the escape), which is what NeMo Gym's Python writes too.
  assert.ok(line.startsWith('{"reward": 1.0, '), line);
  assert.ok(line.includes('caf\\u00e9'), line);
  assert.equal(withFieldsAppended('{ }', {}, { a: 1, b: 'x' }), '{"a":1,"b":"x"}');
  assert.equal(withFieldsAppended('{"a":1}', { a: 1 }, {}), '{"a":1}');
  // A key the response has already: the spread overwrites it in place, so the caller stringifies.
  assert.equal(withFieldsAppended('{"_ng_task_index":9,"x":1}', { _ng_task_index: 9, x: 1 }, { _ng_task_index: 3 }), undefined);
  // A pretty-printed response is not one JSONL line; one with a trailing newline is, once trimmed.
  assert.equal(asJsonlLine('{\n  "reward": 1\n}'), undefined);
  assert.equal(asJsonlLine('{"reward": 1}\r\n'), '{"reward": 1}');
});

test('connections per origin leave every hop a third of the descriptor limit after a tenth kept back, and no cap when it is unknown', () => {
  assert.equal(connectionsPerOrigin(20_000), 6000);
  assert.equal(connectionsPerOrigin(1024), 170);
  assert.equal(connectionsPerOrigin(100), 16);
  assert.equal(connectionsPerOrigin(null), null);
  if (process.platform === 'linux') assert.ok((openFileLimit() ?? 0) > 0);
});
