// pandas 3 column semantics the tools rely on: a CSV column is the `str` dtype (pyarrow-backed, NaN for missing)
// until a tool stores a non-string in it, which makes it `object`; comparisons, `in`, `.loc` assignment and
// `max()` behave (and fail) differently for each.
import { containsMatcher } from './regex.ts';
import {
  compareText, isDict, NAN, PyFloat, pyCompare, pyEquals, PythonError, pyStr, typeName, type Cell, type PyValue,
} from '../python-semantics.ts';

export type Dtype = 'str' | 'object' | 'bool' | 'float64';

/** pandas' isna() for a cell: None and float nan. */
export function isMissing(value: Cell): boolean {
  return value === null || (value instanceof PyFloat && Number.isNaN(value.value));
}

/** The dtype pandas infers for a one-value column (`pd.DataFrame({"c": [value]})`). */
export function inferredDtype(value: Cell): Dtype {
  return typeof value === 'string' ? 'str' : 'object';
}

/** The dtype of a column after `pd.concat` of a column of dtype `a` with one of dtype `b`. */
export function concatDtype(a: Dtype, b: Dtype): Dtype {
  return a === b ? a : 'object';
}

function lengthsMustMatch(rows: number, value: PyValue[]): PythonError {
  return new PythonError(`('Lengths must match to compare', (${rows},), (${value.length},))`, 'ValueError');
}

const OPERATOR_NAMES = { '==': 'eq', '!=': 'ne', '>=': 'ge', '<=': 'le' } as const;

/** `series == value` / `series != value`, elementwise. */
export function equalsMask(values: readonly Cell[], dtype: Dtype, value: PyValue, op: '==' | '!='): boolean[] {
  const negate = op === '!=';
  if (Array.isArray(value)) {
    if (value.length !== values.length) throw lengthsMustMatch(values.length, value);
    return values.map((cell, index) => (isMissing(cell) ? negate : pyEquals(cell, value[index]!) !== negate));
  }
  if (dtype === 'str') {
    if (isDict(value)) throw new PythonError(`${OPERATOR_NAMES[op]} not implemented for <class 'dict'>`, 'NotImplementedError');
    if (typeof value !== 'string') return values.map(() => negate);
    return values.map((cell) => (typeof cell === 'string' ? cell === value : false) !== negate);
  }
  return values.map((cell) => (isMissing(cell) ? negate : pyEquals(cell, value) !== negate));
}

/** `series >= value` / `series <= value`, elementwise (missing cells compare False). */
export function orderMask(values: readonly Cell[], dtype: Dtype, op: '>=' | '<=', value: PyValue): boolean[] {
  if (Array.isArray(value)) {
    if (value.length !== values.length) throw lengthsMustMatch(values.length, value);
    return values.map((cell, index) => !isMissing(cell) && pyCompare(cell, op, value[index]!));
  }
  if (dtype === 'str') {
    if (isDict(value)) throw new PythonError(`${OPERATOR_NAMES[op]} not implemented for <class 'dict'>`, 'NotImplementedError');
    if (typeof value !== 'string') {
      // pandas falls back to comparing the non-missing cells one by one: with none there is nothing to fail.
      if (values.some((cell) => !isMissing(cell))) throw new PythonError(`Invalid comparison between dtype=str and ${typeName(value)}`);
      return values.map(() => false);
    }
    return values.map((cell) => {
      if (typeof cell !== 'string') return false;
      const order = compareText(cell, value);
      return op === '>=' ? order >= 0 : order <= 0;
    });
  }
  return values.map((cell) => !isMissing(cell) && pyCompare(cell, op, value));
}

/** `series.str.contains(pattern, case=False[, na=...])`: null where pandas gives NaN (object columns). */
export function containsMask(values: readonly Cell[], dtype: Dtype, pattern: PyValue, na?: boolean): (boolean | null)[] {
  const matches = containsMatcher(pattern, dtype === 'str' ? 'str' : 'object');
  return values.map((cell) => {
    if (typeof cell === 'string') return matches(cell);
    if (dtype === 'str') return na ?? false;
    return na ?? null;
  });
}

/** `df[mask]`: a mask holding NaN cannot select rows. */
export function requireBooleanMask(mask: readonly (boolean | null)[]): boolean[] {
  if (mask.some((entry) => entry === null)) throw new PythonError('Cannot mask with non-boolean array containing NA / NaN values', 'ValueError');
  return mask as boolean[];
}

/** `item in series.values` for a str column (an ExtensionArray: `(item == array).any()`). */
export function valuesContain(values: readonly Cell[], item: PyValue): boolean {
  if (isMissing(item)) return false;
  if (Array.isArray(item)) {
    if (item.length !== values.length) throw new PythonError('Array arguments must all be the same length', 'ArrowInvalid');
    return values.some((cell, index) => typeof cell === 'string' && pyEquals(cell, item[index]!));
  }
  if (isDict(item)) throw new PythonError("eq not implemented for <class 'dict'>", 'NotImplementedError');
  return typeof item === 'string' && values.includes(item);
}

const INVALID_ARRAY = "Invalid value for dtype 'str'. Value should be a string or missing value (or array of those).";

/** The cells `df.loc[mask, column] = value` writes into `count` selected rows, or the error pandas raises. */
export function assignedCells(dtype: Dtype, value: PyValue, count: number): Cell[] {
  if (Array.isArray(value)) {
    if (value.length !== count) throw new PythonError('Must have equal len keys and value when setting with an iterable', 'ValueError');
    if (dtype === 'str' && !value.every((item) => typeof item === 'string' || isMissing(item))) throw new PythonError(INVALID_ARRAY);
    return value.map((item) => (dtype === 'str' && isMissing(item) ? NAN : item));
  }
  if (dtype !== 'str') return Array.from({ length: count }, () => value);
  if (isDict(value)) throw new PythonError(INVALID_ARRAY);
  if (isMissing(value)) return Array.from({ length: count }, () => NAN);
  if (typeof value !== 'string') {
    throw new PythonError(`Invalid value '${pyStr(value)}' for dtype 'str'. Value should be a string or missing value, got '${typeName(value)}' instead.`);
  }
  return Array.from({ length: count }, () => value);
}

/** `series.max()` (missing values skipped; NaN when nothing is left). */
export function columnMax(values: readonly Cell[]): Cell {
  let max: Cell | undefined;
  for (const cell of values) {
    if (isMissing(cell)) continue;
    if (max === undefined || pyCompare(cell, '>', max)) max = cell;
  }
  return max ?? NAN;
}
