// Python values as NeMo Gym's tools see them (json.loads output, pandas cells) and every way Python formats them:
// str(), repr(), pydantic's JSON (what FastAPI answers) and json.dumps (what FastAPI's 422 answers). The one place
// that knows how Python prints a value.

/** A Python float (JSON `2.0`, `1e16`, `NaN`): kept apart from ints, which Python prints differently. */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** A Python int: a JS number when it is a safe integer, else a bigint. */
export type PyInt = number | bigint;
/** A Python dict from JSON: string keys in insertion order. */
export type PyDict = Map<string, PyValue>;
export type PyValue = string | PyInt | boolean | null | PyFloat | PyValue[] | PyDict;

/** pandas' missing value in a str column (float nan): prints `nan`, serialises as null. */
export const NAN = new PyFloat(Number.NaN);

/** One table cell: whatever pandas holds (CSV strings, NaN, or any value a tool stored). */
export type Cell = PyValue;
export type Row = Readonly<Record<string, Cell>>;
/** Keyword arguments of a tool call, in the order the caller sent them. */
export type ToolArgs = ReadonlyMap<string, PyValue>;

/** An exception a tool raises: `message` is what Python's str(exception) prints, `type` its class. */
export class PythonError extends Error {
  readonly type: string;
  constructor(message: string, type = 'TypeError') {
    super(message);
    this.type = type;
  }
}

/** Whether `except ValueError` catches the error. */
export function isValueError(error: unknown): boolean {
  return error instanceof PythonError && error.type === 'ValueError';
}

export function isInt(value: unknown): value is PyInt {
  return typeof value === 'number' || typeof value === 'bigint';
}

export function isDict(value: unknown): value is PyDict {
  return value instanceof Map;
}

/** Python's type name of a value (`type(x).__name__`). */
export function typeName(value: PyValue | undefined): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (isInt(value)) return 'int';
  if (value instanceof PyFloat) return 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

/** Python truthiness (`bool(x)`); nan is truthy. */
export function isTruthy(value: PyValue | undefined): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === true) return true;
  if (isInt(value)) return value != 0;
  if (value instanceof PyFloat) return value.value !== 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  return value.size > 0;
}

/** The numeric value of a bool, int or float, or undefined for other types. */
export function numericValue(value: PyValue): number | bigint | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isInt(value)) return value;
  if (value instanceof PyFloat) return value.value;
  return undefined;
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Code-point order, as Python compares strings. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const left = [...a];
  const right = [...b];
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    const x = left[index]!.codePointAt(0)!;
    const y = right[index]!.codePointAt(0)!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return left.length < right.length ? -1 : left.length > right.length ? 1 : 0;
}

/** Python `a == b`. */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== undefined || y !== undefined) return x !== undefined && y !== undefined && compareNumbers(x, y) === 0;
  if (typeof a === 'string' || typeof b === 'string' || a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => pyEquals(item, b[index]!));
  }
  if (!isDict(a) || !isDict(b) || a.size !== b.size) return false;
  for (const [key, value] of a) {
    if (!b.has(key) || !pyEquals(value, b.get(key)!)) return false;
  }
  return true;
}

export type Comparison = '<' | '<=' | '>' | '>=';

/** Python `a <op> b`: numbers with numbers, str with str, list with list; anything else raises TypeError. */
export function pyCompare(a: PyValue, op: Comparison, b: PyValue): boolean {
  let order: number | undefined;
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== undefined && y !== undefined) order = compareNumbers(x, y);
  else if (typeof a === 'string' && typeof b === 'string') order = compareText(a, b);
  else if (Array.isArray(a) && Array.isArray(b)) {
    for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
      if (!pyEquals(a[index]!, b[index]!)) return pyCompare(a[index]!, op, b[index]!);
    }
    order = Math.sign(a.length - b.length);
  }
  if (order === undefined) {
    throw new PythonError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
  }
  if (Number.isNaN(order)) return false;
  return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
}

/** `hash(x)` succeeds: lists and dicts raise. */
export function requireHashable(value: PyValue): void {
  if (Array.isArray(value) || isDict(value)) throw new PythonError(`unhashable type: '${typeName(value)}'`);
}

/** `x.lower()`: only str has it. */
export function lower(value: PyValue): string {
  if (typeof value !== 'string') throw new PythonError(`'${typeName(value)}' object has no attribute 'lower'`);
  return value.toLowerCase();
}

/** `needle in container`. */
export function pyIn(needle: PyValue, container: PyValue): boolean {
  if (typeof container === 'string') {
    if (typeof needle !== 'string') throw new PythonError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    return container.includes(needle);
  }
  if (Array.isArray(container)) return container.some((item) => pyEquals(item, needle));
  if (isDict(container)) {
    requireHashable(needle);
    return typeof needle === 'string' && container.has(needle);
  }
  throw new PythonError(`argument of type '${typeName(container)}' is not iterable`);
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

/** The shortest round-trip digits of a finite non-zero float and its decimal exponent (d.ddd × 10^exponent). */
function shortestDigits(value: number): { digits: string; exponent: number } {
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), exponent: Number(exponent) };
}

function positional(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

function scientific(digits: string, exponent: number, padExponent: boolean): string {
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const magnitude = String(Math.abs(exponent)).padStart(padExponent ? 2 : 1, '0');
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${magnitude}`;
}

/** Python's repr(float): `20.0`, `1e-05`, `1e+16`, `inf`, `nan`. */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(value);
  return sign + (exponent >= -4 && exponent < 16 ? positional(digits, exponent) : scientific(digits, exponent, true));
}

/** How pydantic's JSON writes a float: `20.0`, `0.00001`, `1e-6`, `1e+16`; nan and infinities as null. */
export function pydanticFloat(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(value);
  return sign + (exponent >= -5 && exponent < 16 ? positional(digits, exponent) : scientific(digits, exponent, false));
}

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's repr(str): single quotes unless the text has one and no double quote; escapes as Python does. */
export function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char !== ' ' && (code < 0x20 || code === 0x7f || NON_PRINTABLE.test(char))) {
      if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    } else out += char;
  }
  return out + quote;
}

/** Python's repr(x). */
export function pyRepr(value: PyValue): string {
  if (typeof value === 'string') return stringRepr(value);
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (isInt(value)) return String(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${[...value].map(([key, item]) => `${stringRepr(key)}: ${pyRepr(item)}`).join(', ')}}`;
}

/** Python's str(x), which f-strings use. */
export function pyStr(value: PyValue): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function jsonContainer(value: PyValue[] | PyDict, item: (value: PyValue) => string): string {
  if (Array.isArray(value)) return `[${value.map(item).join(',')}]`;
  return `{${[...value].map(([key, entry]) => `${JSON.stringify(key)}:${item(entry)}`).join(',')}}`;
}

/** The JSON pydantic writes for a value (FastAPI's response body): compact, UTF-8, floats as `pydanticFloat`. */
export function pydanticJson(value: PyValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value === 'boolean' || isInt(value)) return String(value);
  if (value instanceof PyFloat) return pydanticFloat(value.value);
  return jsonContainer(value, pydanticJson);
}

/** Python's `json.dumps(x, separators=(",", ":"), ensure_ascii=False)` (Starlette's JSONResponse, used for 422s). */
export function pythonJsonDumps(value: PyValue): string {
  if (value instanceof PyFloat) {
    if (Number.isNaN(value.value)) return 'NaN';
    if (!Number.isFinite(value.value)) return value.value > 0 ? 'Infinity' : '-Infinity';
    return floatRepr(value.value);
  }
  if (Array.isArray(value) || isDict(value)) return jsonContainer(value, pythonJsonDumps);
  return pydanticJson(value);
}
