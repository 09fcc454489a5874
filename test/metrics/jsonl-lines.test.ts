// Lines with their byte ranges: across chunk boundaries, CRLF, lines longer than a chunk, a missing last newline.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LineReader, locatedLines } from '../../src/metrics/jsonl-lines.ts';
import { InputError } from '../../src/errors.ts';
import { tempDir } from '../rollouts/collect-helpers.ts';

test('every line is found with the byte range that reads it back, whatever the chunking', async () => {
  const path = join(tempDir(), 'rows.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) lines.push(JSON.stringify({ i, text: 'é'.repeat((i * 997) % 3000), long: i === 7 ? 'z'.repeat(200_000) : undefined }));
  // CRLF endings on some lines, a blank line, and no newline after the last one.
  const text = lines.map((line, i) => (i % 5 === 0 ? `${line}\r\n` : `${line}\n`)).join('') + '\n' + lines[0];
  writeFileSync(path, text);
  const found = [];
  for await (const line of locatedLines(path)) found.push(line);
  assert.equal(found.length, 401);
  assert.deepEqual(found.slice(0, 400).map((line) => line.value.i), lines.map((_, i) => i));
  assert.equal(found[400]!.lineNumber, 402, 'the blank line counts as a line');
  const reader = new LineReader([path]);
  try {
    for (const [i, line] of found.entries()) assert.equal(reader.read(0, line.offset, line.length), lines[i % 400], `line ${line.lineNumber}`);
  } finally {
    reader.close();
  }
});

test('a malformed line is an InputError naming the file and line', async () => {
  const path = join(tempDir(), 'bad.jsonl');
  writeFileSync(path, '{"a":1}\n{"a":\n');
  await assert.rejects(async () => {
    for await (const _ of locatedLines(path, 'results/bad.jsonl')) void _;
  }, (error: unknown) => error instanceof InputError && /Malformed JSON in 'results\/bad\.jsonl' at line 2/.test(error.message));
});
