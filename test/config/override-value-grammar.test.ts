// The value after `=` is read with Hydra's grammar (hydra/grammar/OverrideLexer.g4, OverrideParser.g4): each row is
// the value Hydra gives `+x=<text>` (checked by running the parsers of Hydra 1.3.2 and 1.4.0.dev9: they agree), and ours where we differ.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOverride } from '../../src/config/parse-cli-overrides.ts';
import { ConfigError } from '../../src/errors.ts';

const ERROR = Symbol('error');

interface ValueRow {
  text: string;
  hydra: unknown;
  /** Only where we differ from Hydra (we read as text a few characters Hydra's lexer rejects). */
  ours?: unknown;
}

const ROWS: ValueRow[] = [
  // Numbers: Hydra's INT and FLOAT tokens (underscores allowed; 0x10 and 010 are not numbers).
  { text: '1', hydra: 1 },
  { text: '-1', hydra: -1 },
  { text: '+1', hydra: 1 },
  { text: '1_000', hydra: 1000 },
  { text: '010', hydra: '010' },
  { text: '0x10', hydra: '0x10' },
  { text: '1.5', hydra: 1.5 },
  { text: '1.', hydra: 1 },
  { text: '.5', hydra: 0.5 },
  { text: '1e3', hydra: 1000 },
  { text: '-1.5e+3', hydra: -1500 },
  { text: '1_0.5', hydra: 10.5 },
  { text: 'inf', hydra: Infinity },
  { text: '-inf', hydra: -Infinity },
  { text: 'infinity', hydra: 'infinity' },
  // Booleans and null, any case.
  { text: 'true', hydra: true },
  { text: 'TrUe', hydra: true },
  { text: 'false', hydra: false },
  { text: 'null', hydra: null },
  { text: 'NULL', hydra: null },
  // Several tokens make one string, inner blanks kept, outer ones dropped.
  { text: 'abc', hydra: 'abc' },
  { text: 'a b', hydra: 'a b' },
  { text: '  a b  ', hydra: 'a b' },
  { text: '1.2.3', hydra: '1.2.3' },
  { text: '10:30', hydra: '10:30' },
  { text: 'http://h:8/v1', hydra: 'http://h:8/v1' },
  { text: 'Answer: yes', hydra: 'Answer: yes' },
  { text: '*.jsonl', hydra: '*.jsonl' },
  { text: '???', hydra: '???' },
  { text: '', hydra: '' },
  // Interpolations stay as written, to be resolved after merging.
  { text: '${a.b}', hydra: '${a.b}' },
  { text: '${oc.env:X,d}', hydra: '${oc.env:X,d}' },
  { text: 'x${a}y', hydra: 'x${a}y' },
  // Quoted strings are strings; backslashes only escape quotes.
  { text: "'quoted'", hydra: 'quoted' },
  { text: '"123"', hydra: '123' },
  { text: "'it\\'s'", hydra: "it's" },
  { text: "'a,b'", hydra: 'a,b' },
  // Escapes outside quotes.
  { text: 'a\\,b', hydra: 'a,b' },
  { text: 'a\\ b', hydra: 'a b' },
  { text: 'C:\\path', hydra: 'C:\\path' },
  // Lists and dicts, nested.
  { text: '[a,b]', hydra: ['a', 'b'] },
  { text: '[ a , b ]', hydra: ['a', 'b'] },
  { text: '[]', hydra: [] },
  { text: '{}', hydra: {} },
  { text: '{a:1}', hydra: { a: 1 } },
  { text: '{a: 1, b: [1, 2]}', hydra: { a: 1, b: [1, 2] } },
  { text: '{a: b:c}', hydra: { a: 'b:c' } },
  { text: '{1: x}', hydra: { 1: 'x' } },
  { text: '[1,[2,{a: 3}]]', hydra: [1, [2, { a: 3 }]] },
  { text: '[a b, c]', hydra: ['a b', 'c'] },
  // Casts.
  { text: 'int(3.5)', hydra: 3 },
  { text: "int('10')", hydra: 10 },
  { text: 'float(3)', hydra: 3 },
  { text: 'str(1.5)', hydra: '1.5' },
  { text: 'str(1e20)', hydra: '1e+20' },
  { text: 'str(0.00001)', hydra: '1e-05' },
  { text: 'str(true)', hydra: 'true' },
  { text: 'str(value=3)', hydra: '3' },
  { text: 'bool(0)', hydra: false },
  { text: 'int(a)', hydra: ERROR },
  { text: "bool('yes')", hydra: ERROR },
  // Refused: sweeps, unknown functions, unbalanced brackets, a quote glued to text.
  { text: 'a,b', hydra: ERROR },
  { text: 'choice(a,b)', hydra: ERROR },
  { text: 'int(1,2)', hydra: ERROR },
  { text: 'say (hi)', hydra: ERROR },
  { text: '[a,b', hydra: ERROR },
  { text: '{a:1', hydra: ERROR },
  { text: "'x'y", hydra: ERROR },
  // Characters Hydra's lexer has no rule for: we keep them as text.
  { text: 'a=b', hydra: ERROR, ours: 'a=b' },
  { text: 'héllo', hydra: ERROR, ours: 'héllo' },
];

for (const { text, hydra, ours } of ROWS) {
  const expected = ours === undefined ? hydra : ours;
  const label = hydra === ERROR ? 'Hydra: error' : `Hydra: ${JSON.stringify(hydra)}`;
  test(`value ${JSON.stringify(text)} (${label}${ours === undefined ? '' : '; ours differs'})`, () => {
    if (expected === ERROR) {
      assert.throws(() => parseOverride(`+x=${text}`), (error: unknown) => error instanceof ConfigError && error.code === 'RG_CONFIG_OVERRIDE' && /cannot read the value/.test(error.message));
      return;
    }
    assert.deepEqual(parseOverride(`+x=${text}`).value, expected);
  });
}

test('a syntax error points at the column', () => {
  assert.throws(
    () => parseOverride('+x=[a,b'),
    (error: unknown) => error instanceof ConfigError && error.details === "+x=[a,b\n       ^" && /expected ',' or '\]', found the end/.test(error.message),
  );
});

test('a sweep says how to write a list or a string instead', () => {
  assert.throws(
    () => parseOverride('+tags=a,b'),
    (error: unknown) => error instanceof ConfigError && /for a list write \+tags=\[a,b\]; for a string with a comma quote it: '\+tags="a,b"'/.test(error.hint ?? ''),
  );
});
