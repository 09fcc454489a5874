// Python operations the tools perform on argument values: arithmetic, min/max, slicing, int(), str.isdigit(),
// str.split() and str.zfill(), each raising what Python raises.
import { isInt, numericValue, PyFloat, pyCompare, PythonError, pyRepr, typeName, type PyInt, type PyValue } from './python-semantics.ts';

type Operand = { kind: 'int'; value: bigint } | { kind: 'float'; value: number };

function operand(value: PyValue): Operand | undefined {
  const number = numericValue(value);
  if (number === undefined) return undefined;
  if (value instanceof PyFloat) return { kind: 'float', value: value.value };
  return { kind: 'int', value: BigInt(number) };
}

/** An int result as Python holds it: a JS number while it is safe, else a bigint. */
export function toPyInt(value: bigint): PyInt {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function pythonFloorDivFloat(x: number, y: number): number {
  if (y === 0) throw new PythonError('float floor division by zero', 'ZeroDivisionError');
  const mod = x % y;
  let div = (x - mod) / y;
  if (mod && (y < 0) !== (mod < 0)) div -= 1;
  if (!div) return Math.sign(x / y) < 0 || Object.is(x / y, -0) ? -0 : 0;
  let floor = Math.floor(div);
  if (div - floor > 0.5) floor += 1;
  return floor;
}

function bigFloorDiv(x: bigint, y: bigint): bigint {
  if (y === 0n) throw new PythonError('integer division or modulo by zero', 'ZeroDivisionError');
  const quotient = x / y;
  return x % y !== 0n && (x < 0n) !== (y < 0n) ? quotient - 1n : quotient;
}

const SYMBOLS = { add: '+', sub: '-', mul: '*', floordiv: '//' } as const;

/** Python's binary arithmetic on numbers (bool counts as int); other operand types raise TypeError. */
export function arithmetic(op: keyof typeof SYMBOLS, a: PyValue, b: PyValue): PyValue {
  const x = operand(a);
  const y = operand(b);
  if (!x || !y) {
    throw new PythonError(`unsupported operand type(s) for ${SYMBOLS[op]}: '${typeName(a)}' and '${typeName(b)}'`);
  }
  if (x.kind === 'int' && y.kind === 'int') {
    const value = op === 'add' ? x.value + y.value : op === 'sub' ? x.value - y.value : op === 'mul' ? x.value * y.value : bigFloorDiv(x.value, y.value);
    return toPyInt(value);
  }
  const left = Number(x.value);
  const right = Number(y.value);
  const value = op === 'add' ? left + right : op === 'sub' ? left - right : op === 'mul' ? left * right : pythonFloorDivFloat(left, right);
  return new PyFloat(value);
}

/** `min(a, b)`: keeps `a` unless `b < a`. */
export function pyMin(a: PyValue, b: PyValue): PyValue {
  return pyCompare(b, '<', a) ? b : a;
}

/** `max(a, b)`: keeps `a` unless `b > a`. */
export function pyMax(a: PyValue, b: PyValue): PyValue {
  return pyCompare(b, '>', a) ? b : a;
}

function sliceIndex(value: PyValue, length: number): number {
  if (!isInt(value) && typeof value !== 'boolean') {
    throw new PythonError('slice indices must be integers or None or have an __index__ method');
  }
  let index = Number(numericValue(value));
  if (index < 0) index += length;
  return Math.min(Math.max(index, 0), length);
}

/** `items[start:end]`. */
export function pySlice<T>(items: readonly T[], start: PyValue, end: PyValue): T[] {
  const from = sliceIndex(start, items.length);
  const to = sliceIndex(end, items.length);
  return items.slice(from, Math.max(from, to));
}

/** Python's whitespace (`str.isspace()`), which `str.split()` and `str.strip()` use. */
const WHITESPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const WHITESPACE_RUN = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** `text.split()`. */
export function pySplit(text: string): string[] {
  return text.split(WHITESPACE_RUN).filter((word) => word.length > 0);
}

function pyStrip(text: string): string {
  const chars = [...text];
  let start = 0;
  let end = chars.length;
  while (start < end && WHITESPACE.test(chars[start]!)) start += 1;
  while (end > start && WHITESPACE.test(chars[end - 1]!)) end -= 1;
  return chars.slice(start, end).join('');
}

const DECIMAL = /^\p{Nd}$/u;

/** The value of a Unicode decimal digit (digits come in runs of ten starting at zero). */
function digitValue(char: string): number {
  let code = char.codePointAt(0)!;
  let run = 0;
  while (DECIMAL.test(String.fromCodePoint(code - 1))) {
    code -= 1;
    run += 1;
  }
  return run % 10;
}

/** `int(x)`, with Python's errors (a bad literal is a ValueError, a wrong type a TypeError). */
export function pyInt(value: PyValue): PyInt {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isInt(value)) return value;
  if (value instanceof PyFloat) {
    if (Number.isNaN(value.value)) throw new PythonError('cannot convert float NaN to integer', 'ValueError');
    if (!Number.isFinite(value.value)) throw new PythonError('cannot convert float infinity to integer', 'OverflowError');
    return toPyInt(BigInt(Math.trunc(value.value)));
  }
  if (typeof value !== 'string') {
    throw new PythonError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'`);
  }
  const invalid = () => new PythonError(`invalid literal for int() with base 10: ${pyRepr(value)}`, 'ValueError');
  const text = pyStrip(value);
  const match = /^([+-]?)((?:\p{Nd}_?)*\p{Nd})$/u.exec(text);
  if (!match || match[2]!.includes('__')) throw invalid();
  let result = 0n;
  for (const char of match[2]!) if (char !== '_') result = result * 10n + BigInt(digitValue(char));
  return toPyInt(match[1] === '-' ? -result : result);
}

/** Digits of Numeric_Type=Digit that are not decimal (superscripts, circled digits...): str.isdigit() accepts them. */
const OTHER_DIGITS = /[\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\u{10a40}-\u{10a43}\u{1f100}-\u{1f10a}]/u;

/** `text.isdigit()`. */
export function isDigitString(text: string): boolean {
  const chars = [...text];
  return chars.length > 0 && chars.every((char) => DECIMAL.test(char) || OTHER_DIGITS.test(char));
}

/** `len(text)` (code points). */
export function pyLen(text: string): number {
  return [...text].length;
}

/** `text.zfill(width)`. */
export function zfill(text: string, width: number): string {
  const length = pyLen(text);
  if (length >= width) return text;
  const sign = text[0] === '-' || text[0] === '+' ? text[0] : '';
  return sign + '0'.repeat(width - length) + text.slice(sign.length);
}
