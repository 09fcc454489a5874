// parseCsv against a one-character-at-a-time reference, on the shipped tables, edge cases and random text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCsv } from '../lib/csv.ts';

/** The parser as first written (one character at a time): the oracle the sliced one must agree with. */
function referenceParseCsv(text: string): (string | null)[][] {
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let index = 0;
  const endField = () => {
    record.push(field === '' && !wasQuoted ? null : field);
    field = '';
    wasQuoted = false;
  };
  while (index < text.length) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      index += 1;
      continue;
    }
    if (char === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (char === ',') endField();
    else if (char === '\n' || char === '\r') {
      endField();
      records.push(record);
      record = [];
      if (char === '\r' && text[index + 1] === '\n') index += 1;
    } else field += char;
    index += 1;
  }
  if (field !== '' || wasQuoted || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}

const csvDir = new URL('../csv_data/', import.meta.url).pathname;

test('the shipped tables parse as the reference parses them', () => {
  const files = ['processed', 'raw'].flatMap((dir) => readdirSync(join(csvDir, dir)).map((name) => join(csvDir, dir, name)));
  assert.ok(files.length >= 7, `found ${files.length} CSV files`);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(parseCsv(text), referenceParseCsv(text), file);
  }
});

test('quotes, empty fields and line ends read as pandas reads them', () => {
  const cases: [string, (string | null)[][]][] = [
    ['', []],
    ['a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['a,,""\r\n', [['a', null, '']]],
    ['"x, ""y""\nz",w', [['x, "y"\nz', 'w']]],
    ['a,', [['a', null]]],
    ['\n', [[null]]],
    ['ab"c,d"e,f\rg', [['abc,de', 'f'], ['g']]],
    ['"unterminated,\n', [['unterminated,\n']]],
  ];
  for (const [text, records] of cases) {
    assert.deepEqual(parseCsv(text), records, JSON.stringify(text));
    assert.deepEqual(referenceParseCsv(text), records, `reference: ${JSON.stringify(text)}`);
  }
});

test('random text made of separators and quotes parses as the reference parses it', () => {
  const alphabet = ['a', 'bc', ',', '"', '""', '\n', '\r', '\r\n', ' '];
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 5000; round++) {
    const text = Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    assert.deepEqual(parseCsv(text), referenceParseCsv(text), JSON.stringify(text));
  }
});
