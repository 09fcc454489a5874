// The viewer's text search over raw JSONL bytes: any case by default, exact on request, every form a text takes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matcherFor } from '../../src/viewer/text-search.ts';
import { previewOfRow } from '../../src/viewer/row-preview.ts';

/** Offsets where `text` is found in `file` (a JSONL line as written), any case or exact. */
function find(file: string, text: string, exactCase = false): number[] {
  const bytes = Buffer.from(file, 'utf8');
  return matcherFor(text, exactCase).hits(bytes, bytes.length);
}

test('any case by default, in every form the text takes in a JSON line; exact when asked', () => {
  const line = JSON.stringify({ content: 'It is COLD in Zanzibar', quoted: 'say "Hi"' });
  assert.equal(find(line, 'zanzibar').length, 1);
  assert.equal(find(line, 'cold in zanzibar').length, 1);
  assert.deepEqual(find(line, 'zanzibar', true), []);
  assert.equal(find(line, 'Zanzibar', true).length, 1);
  assert.equal(find(line, 'SAY "hi"').length, 1, 'quotes are found JSON-escaped');
  assert.equal(find(line, 'a.b').length, 0, 'no pattern syntax leaks through');
});

test('non-ASCII letters match in any case, raw or \\u-escaped as Python writes them, and only whole characters', () => {
  const raw = JSON.stringify({ city: 'ZÜRICH und Zürich' });
  assert.equal(find(raw, 'zürich').length, 2);
  const pythonEscaped = '{"city": "Z\\u00fcrich"}';
  assert.equal(find(pythonEscaped, 'ZÜRICH').length, 1);
  // 'é' is C3 A9 in UTF-8; latin1 case folding would also take E3 A9 (the start of 㩁, U+3A41): it must not.
  assert.deepEqual(find(JSON.stringify({ text: '\u3a41' }), 'é'), []);
  assert.equal(find(JSON.stringify({ text: '東京 tokyo' }), '東京').length, 1, 'text without case goes the exact way');
});

test("a row's preview: its last user message and its final answer, each on one line", () => {
  const row = {
    responses_create_params: { input: [{ role: 'developer', content: 'Be brief.' }, { role: 'user', content: 'first question' }, { role: 'assistant', content: 'ok' }, { role: 'user', content: [{ type: 'input_text', text: 'what is\nthe weather?' }] }] },
    response: { output: [{ type: 'function_call', name: 'get_weather', arguments: '{}' }, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Cold.\n\nVery cold.' }] }] },
  };
  assert.deepEqual(previewOfRow(row), { prompt: 'what is the weather?', answer: 'Cold. Very cold.' });
  assert.deepEqual(previewOfRow({ responses_create_params: { input: 'just a string' }, response: { output: [] } }), { prompt: 'just a string', answer: null });
  assert.equal(previewOfRow({ responses_create_params: { input: 'x'.repeat(1000) } }).prompt!.length, 400);
});
