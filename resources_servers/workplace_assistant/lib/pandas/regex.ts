// The regular expressions of `Series.str.contains(pat, case=False)`: pandas compiles the pattern with Python's re
// first, then matches a str column with RE2 (pyarrow) unless the pattern needs lookaround or backreferences, and
// an object column with Python's re. Patterns run here as JS RegExps; invalid ones fail with the engine's message.
import { isDict, PythonError, type PyValue } from '../python-semantics.ts';

interface Analysis {
  /** Python's re.error message, when Python rejects the pattern. */
  python?: string;
  /** RE2's error (after "Invalid regular expression: "), when RE2 rejects it. */
  re2?: string;
  /** Lookaround or backreference: pandas then uses Python's re even on a str column. */
  needsPython: boolean;
  /** The pattern as JS RegExp source. */
  js: string;
  unicode: boolean;
}

const PYTHON_ESCAPES = new Set('dDsSwWbBAZafnrtvxuUN0'.split(''));
const RE2_ESCAPES = new Set('dDsSwWbBAzafnrtvxpPQEC'.split(''));

function analyse(pattern: string): Analysis {
  const chars = [...pattern];
  const result: Analysis = { needsPython: false, js: '', unicode: false };
  const python = (message: string) => (result.python ??= message);
  const re2 = (message: string) => (result.re2 ??= message);
  const open: number[] = [];
  let canRepeat = false;
  let previousQuantifier: string | undefined;
  let index = 0;
  const emit = (text: string) => (result.js += text);
  while (index < chars.length) {
    const char = chars[index]!;
    const quantifier = readQuantifier(chars, index);
    if (quantifier) {
      if (previousQuantifier !== undefined) {
        const combined = previousQuantifier + quantifier.text;
        const modified = previousQuantifier.endsWith('?') && previousQuantifier.length > 1;
        if (quantifier.text === '?' && !modified) emit('?');
        else if (quantifier.text === '+' && !modified) re2(`bad repetition operator: ${combined}`);
        else {
          python(`multiple repeat at position ${index}`);
          re2(`bad repetition operator: ${combined}`);
        }
        previousQuantifier = combined;
        index += quantifier.length;
        continue;
      }
      if (!canRepeat) {
        python(`nothing to repeat at position ${index}`);
        re2(`no argument for repetition operator: ${quantifier.text}`);
      }
      if (quantifier.error) {
        python(`min repeat greater than max repeat at position ${index + 1}`);
        re2(`invalid repetition size: ${quantifier.text}`);
      } else if (quantifier.tooLarge) re2(`invalid repetition size: ${quantifier.text}`);
      emit(quantifier.text);
      previousQuantifier = quantifier.text;
      index += quantifier.length;
      continue;
    }
    previousQuantifier = undefined;
    if (char === '\\') {
      const next = chars[index + 1];
      if (next === undefined) {
        python(`bad escape (end of pattern) at position ${index}`);
        re2('trailing \\');
        break;
      }
      if (/[1-9]/.test(next)) {
        result.needsPython = true;
        re2(`invalid escape sequence: \\${next}`);
        emit(`\\${next}`);
      } else if (/[a-zA-Z]/.test(next)) {
        if (!PYTHON_ESCAPES.has(next)) python(`bad escape \\${next} at position ${index}`);
        if (!RE2_ESCAPES.has(next) && !(next === 'Z' && index + 2 === chars.length)) re2(`invalid escape sequence: \\${next}`);
        if (next === 'A') emit('^');
        else if (next === 'Z' || next === 'z') emit('$');
        else if (next === 'p' || next === 'P') {
          const braced = /^\{([^}]*)\}/.exec(chars.slice(index + 2).join(''));
          const name = braced ? braced[1]! : chars[index + 2] ?? '';
          const source = `\\${next}{${name}}`;
          if (!isUnicodeProperty(source)) re2(`invalid character class range: \\${next}${braced ? `{${name}}` : name}`);
          else {
            result.unicode = true;
            emit(source);
          }
          index += 2 + (braced ? braced[0].length : 1);
          canRepeat = true;
          continue;
        } else emit(`\\${next}`);
      } else emit(`\\${next}`);
      canRepeat = !/[AZzbB]/.test(next);
      index += 2;
      continue;
    }
    if (char === '[') {
      const end = classEnd(chars, index);
      if (end < 0) {
        python(`unterminated character set at position ${index}`);
        re2(`missing ]: ${chars.slice(index).join('')}`);
        break;
      }
      checkRanges(chars, index, end, python, re2);
      emit(chars.slice(index, end + 1).join(''));
      canRepeat = true;
      index = end + 1;
      continue;
    }
    if (char === '(') {
      open.push(index);
      const rest = chars.slice(index + 1, index + 5).join('');
      let consumed = 1;
      if (rest.startsWith('?:')) {
        emit('(?:');
        consumed = 3;
      } else if (/^\?(=|!|<=|<!)/.test(rest)) {
        const operator = /^\?(=|!|<=|<!)/.exec(rest)![0];
        result.needsPython = true;
        re2(`invalid perl operator: (${operator.slice(0, 2)}`);
        emit(`(${operator}`);
        consumed = 1 + operator.length;
      } else if (rest.startsWith('?P<') || rest.startsWith('?<')) {
        if (!rest.startsWith('?P')) python(`unknown extension ?<${chars[index + 3] ?? ''} at position ${index + 1}`);
        emit('(?<');
        consumed = rest.startsWith('?P') ? 4 : 3;
      } else if (rest.startsWith('?P=')) {
        result.needsPython = true;
        re2('invalid perl operator: (?P');
        const close = chars.indexOf(')', index);
        emit(`\\k<${chars.slice(index + 4, close).join('')}>`);
        open.pop();
        index = close + 1;
        canRepeat = true;
        continue;
      } else if (/^\?[aiLmsux-]+\)/.test(chars.slice(index + 1).join(''))) {
        const close = chars.indexOf(')', index);
        open.pop();
        index = close + 1;
        continue;
      } else if (rest.startsWith('?')) {
        python(`unknown extension ?${chars[index + 2] ?? ''} at position ${index + 1}`);
        re2(`invalid perl operator: (?${chars[index + 2] ?? ''}`);
        emit('(');
        consumed = 2;
      } else emit('(');
      canRepeat = false;
      index += consumed;
      continue;
    }
    if (char === ')') {
      if (open.length === 0) {
        python(`unbalanced parenthesis at position ${index}`);
        re2(`unexpected ): ${pattern}`);
        emit('\\)');
      } else {
        open.pop();
        emit(')');
      }
      canRepeat = true;
      index += 1;
      continue;
    }
    if (char === '|') canRepeat = false;
    else canRepeat = char !== '^';
    emit(char === ']' || char === '}' || char === '{' ? `\\${char}` : char === '/' ? '\\/' : char);
    if (/[\u{10000}-\u{10FFFF}]/u.test(char)) result.unicode = true;
    index += 1;
  }
  if (open.length > 0) {
    python(`missing ), unterminated subpattern at position ${open.at(-1)}`);
    re2(`missing ): ${pattern}`);
  }
  return result;
}

function isUnicodeProperty(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

interface Quantifier {
  text: string;
  length: number;
  error?: boolean;
  tooLarge?: boolean;
}

function readQuantifier(chars: readonly string[], index: number): Quantifier | undefined {
  const char = chars[index];
  if (char === '*' || char === '+' || char === '?') return { text: char, length: 1 };
  if (char !== '{') return undefined;
  const match = /^\{(\d*)(?:(,)(\d*))?\}/.exec(chars.slice(index, index + 24).join(''));
  if (!match || (match[1] === '' && (match[3] ?? '') === '')) return undefined;
  const min = match[1] === '' ? 0 : Number(match[1]);
  const max = match[2] ? (match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3])) : min;
  return { text: match[0], length: match[0].length, error: max < min, tooLarge: min > 1000 || (Number.isFinite(max) && max > 1000) };
}

function classEnd(chars: readonly string[], start: number): number {
  let index = start + 1;
  if (chars[index] === '^') index += 1;
  if (chars[index] === ']') index += 1;
  while (index < chars.length) {
    if (chars[index] === '\\') index += 2;
    else if (chars[index] === ']') return index;
    else index += 1;
  }
  return -1;
}

function checkRanges(chars: readonly string[], start: number, end: number, python: (m: string) => void, re2: (m: string) => void): void {
  for (let index = start + 1; index < end - 1; index += 1) {
    if (chars[index] === '\\') {
      index += 1;
      continue;
    }
    if (chars[index + 1] === '-' && index + 2 < end && chars[index + 2] !== '\\') {
      const low = chars[index]!;
      const high = chars[index + 2]!;
      if (low.codePointAt(0)! > high.codePointAt(0)!) {
        python(`bad character range ${low}-${high} at position ${index}`);
        re2(`invalid character class range: ${low}-${high}`);
      }
      index += 2;
    }
  }
}

/** The predicate `str.contains(pattern, case=False)` applies to each string of a column of the given dtype. */
export function containsMatcher(pattern: PyValue, dtype: 'str' | 'object'): (text: string) => boolean {
  if (typeof pattern !== 'string') {
    if (Array.isArray(pattern) || isDict(pattern)) throw new PythonError(`unhashable type: '${Array.isArray(pattern) ? 'list' : 'dict'}'`);
    throw new PythonError('first argument must be string or compiled pattern');
  }
  const analysis = analyse(pattern);
  const python = dtype === 'object' || (analysis.python === undefined && analysis.needsPython);
  if (python && analysis.python !== undefined) throw new PythonError(analysis.python, 'error');
  if (!python && analysis.re2 !== undefined) throw new PythonError(`Invalid regular expression: ${analysis.re2}`, 'ArrowInvalid');
  let regex: RegExp;
  try {
    regex = new RegExp(analysis.js, analysis.unicode ? 'iu' : 'i');
  } catch {
    regex = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i');
  }
  return (text) => regex.test(text);
}
