// Python's json.loads (CPython's C scanner): ints stay ints, `2.0` and `1e16` are floats, NaN/Infinity are
// accepted, dict keys keep their order, and errors carry the message and position Python reports.
import { toPyInt } from './python-ops.ts';
import { PyFloat, type PyDict, type PyValue } from './python-semantics.ts';

/** json.JSONDecodeError: `msg` without its position suffix, `pos` in code points. */
export class JsonDecodeError extends Error {
  readonly msg: string;
  readonly pos: number;
  constructor(msg: string, pos: number) {
    super(`${msg} (char ${pos})`);
    this.msg = msg;
    this.pos = pos;
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

class Scanner {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }

  /** A JS index as Python's (code-point) position. */
  #pos(index: number): number {
    let count = 0;
    for (let i = 0; i < index; i += 1) {
      const code = this.#text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < index) {
        const next = this.#text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i += 1;
      }
      count += 1;
    }
    return count;
  }

  fail(msg: string, index: number): never {
    throw new JsonDecodeError(msg, this.#pos(index));
  }

  skip(index: number): number {
    WHITESPACE.lastIndex = index;
    WHITESPACE.exec(this.#text);
    return WHITESPACE.lastIndex;
  }

  /** The value at `index` and the index after it; undefined when no value starts there. */
  value(index: number): [PyValue, number] | undefined {
    const text = this.#text;
    const char = text[index];
    if (char === '"') return this.string(index + 1);
    if (char === '{') return this.object(index + 1);
    if (char === '[') return this.array(index + 1);
    for (const [word, value] of [['null', null], ['true', true], ['false', false]] as const) {
      if (text.startsWith(word, index)) return [value, index + word.length];
    }
    if (text.startsWith('NaN', index)) return [new PyFloat(Number.NaN), index + 3];
    if (text.startsWith('Infinity', index)) return [new PyFloat(Number.POSITIVE_INFINITY), index + 8];
    if (text.startsWith('-Infinity', index)) return [new PyFloat(Number.NEGATIVE_INFINITY), index + 9];
    NUMBER.lastIndex = index;
    const match = NUMBER.exec(text);
    if (!match) return undefined;
    const literal = match[0];
    const value = match[1] || match[2] ? new PyFloat(Number(literal)) : toPyInt(BigInt(literal));
    return [value, index + literal.length];
  }

  string(start: number): [string, number] {
    const text = this.#text;
    let out = '';
    let index = start;
    for (;;) {
      if (index >= text.length) this.fail('Unterminated string starting at', start - 1);
      const char = text[index]!;
      if (char === '"') return [out, index + 1];
      if (char.charCodeAt(0) < 0x20) this.fail('Invalid control character at', index);
      if (char !== '\\') {
        out += char;
        index += 1;
        continue;
      }
      const escape = text[index + 1];
      if (escape === undefined) this.fail('Unterminated string starting at', start - 1);
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (escape in simple) {
        out += simple[escape]!;
        index += 2;
        continue;
      }
      if (escape !== 'u') this.fail('Invalid \\escape', index);
      const unit = this.#hex(index + 2, index);
      index += 6;
      if (unit >= 0xd800 && unit <= 0xdbff && text[index] === '\\' && text[index + 1] === 'u') {
        const low = this.#hex(index + 2, index);
        if (low >= 0xdc00 && low <= 0xdfff) {
          out += String.fromCharCode(unit, low);
          index += 6;
          continue;
        }
      }
      out += String.fromCharCode(unit);
    }
  }

  #hex(at: number, escapeIndex: number): number {
    const digits = this.#text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('Invalid \\uXXXX escape', escapeIndex);
    return Number.parseInt(digits, 16);
  }

  object(start: number): [PyDict, number] {
    const text = this.#text;
    const result: PyDict = new Map();
    let index = this.skip(start);
    if (text[index] === '}') return [result, index + 1];
    for (;;) {
      if (text[index] !== '"') this.fail('Expecting property name enclosed in double quotes', index);
      const [key, afterKey] = this.string(index + 1);
      index = this.skip(afterKey);
      if (text[index] !== ':') this.fail("Expecting ':' delimiter", index);
      index = this.skip(index + 1);
      const parsed = this.value(index);
      if (!parsed) this.fail('Expecting value', index);
      result.set(key, parsed[0]);
      index = this.skip(parsed[1]);
      if (text[index] === '}') return [result, index + 1];
      if (text[index] !== ',') this.fail("Expecting ',' delimiter", index);
      index = this.skip(index + 1);
    }
  }

  array(start: number): [PyValue[], number] {
    const text = this.#text;
    const result: PyValue[] = [];
    let index = this.skip(start);
    if (text[index] === ']') return [result, index + 1];
    for (;;) {
      const parsed = this.value(index);
      if (!parsed) this.fail('Expecting value', index);
      result.push(parsed[0]);
      index = this.skip(parsed[1]);
      if (text[index] === ']') return [result, index + 1];
      if (text[index] !== ',') this.fail("Expecting ',' delimiter", index);
      index = this.skip(index + 1);
    }
  }
}

/** `json.loads(text)`; throws JsonDecodeError as Python would. */
export function pythonJsonLoads(text: string): PyValue {
  const scanner = new Scanner(text);
  const start = scanner.skip(0);
  const parsed = scanner.value(start) ?? scanner.fail('Expecting value', start);
  const end = scanner.skip(parsed[1]);
  if (end !== text.length) scanner.fail('Extra data', end);
  return parsed[0];
}
