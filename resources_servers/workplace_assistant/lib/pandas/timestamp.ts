// pd.Timestamp(x) as the calendar and email tools call it: ISO strings, the common dateutil forms (month names,
// US dates, am/pm, offsets), numbers as nanoseconds, and pandas' errors for everything else.
import { isInt, PyFloat, PythonError, pyStr, type PyValue } from '../python-semantics.ts';

/** A parsed timestamp: wall-clock nanoseconds since 1970 (as if UTC) and, when tz-aware, its UTC offset. */
export interface Timestamp {
  readonly ns: bigint;
  readonly offsetMinutes: number | null;
}

const NS_PER_DAY = 86_400_000_000_000n;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const JUMP_WORDS = new Set(['at', 'on', 'and', 'ad', 'm', 't', 'of', 'st', 'nd', 'rd', 'th']);

function dateParseError(message: string): PythonError {
  return new PythonError(message, 'ValueError');
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function monthOf(word: string): number | undefined {
  const text = word.toLowerCase().replace(/\.$/, '');
  if (text === 'sept') return 9;
  const index = MONTH_NAMES.findIndex((name, i) => text === name || text === MONTHS[i]);
  return index < 0 ? undefined : index + 1;
}

function isWeekday(word: string): boolean {
  const text = word.toLowerCase();
  return WEEKDAYS.includes(text) || WEEKDAY_NAMES.includes(text);
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days from 1970-01-01 to the civil date (proleptic Gregorian, any year). */
function daysFromCivil(year: number, month: number, day: number): bigint {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return BigInt(era * 146097 + doe - 719468);
}

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  nanos?: bigint;
  offsetMinutes?: number | null;
}

function build(fields: Fields, original: string): Timestamp {
  const year = fields.year ?? 1;
  const month = fields.month ?? 1;
  const day = fields.day ?? 1;
  const fail = (message: string) => dateParseError(`${message}: ${original}`);
  if (year > 9999) throw fail(`year ${year} is out of range`);
  if (month < 1 || month > 12) throw fail('month must be in 1..12');
  if (day < 1 || day > daysInMonth(year, month)) throw fail('day is out of range for month');
  if ((fields.hour ?? 0) > 23) throw fail('hour must be in 0..23');
  if ((fields.minute ?? 0) > 59) throw fail('minute must be in 0..59');
  if ((fields.second ?? 0) > 59) throw fail('second must be in 0..59');
  const seconds = BigInt((fields.hour ?? 0) * 3600 + (fields.minute ?? 0) * 60 + (fields.second ?? 0));
  const ns = daysFromCivil(year, month, day) * NS_PER_DAY + seconds * 1_000_000_000n + (fields.nanos ?? 0n);
  return { ns, offsetMinutes: fields.offsetMinutes ?? null };
}

function fractionNanos(digits: string | undefined): bigint {
  return digits ? BigInt(digits.slice(0, 9).padEnd(9, '0')) : 0n;
}

function offsetOf(text: string): number {
  if (text === 'Z' || text === 'UTC' || text === 'GMT') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(text)!;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(?: ?(Z|[+-]\d{2}(?::?\d{2})?))?)?$/;
const PYTHON_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.|inf(?:inity)?|nan)$/i;

/** The tokens dateutil would see: words, numbers, time and offset groups. */
function tokenize(text: string): string[] {
  return text
    .replace(/(\d)T(\d)/g, '$1 $2')
    .split(/[\s,;]+/)
    .filter(Boolean);
}

/** dateutil's parse, for the forms models write; unknown words fail as pandas reports. */
function parseGeneral(text: string, now: () => Date): Timestamp {
  const unknown = () => dateParseError(`Unknown datetime string format, unable to parse: ${text}`);
  const fields: Fields = {};
  const numbers: { value: number; text: string }[] = [];
  let sawAnything = false;
  let pendingHour = false;
  for (const token of tokenize(text)) {
    const lowerToken = token.toLowerCase();
    let match: RegExpExecArray | null;
    if ((match = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?(?:(am|pm))?$/i.exec(token))) {
      fields.hour = Number(match[1]);
      fields.minute = Number(match[2]);
      fields.second = match[3] === undefined ? undefined : Number(match[3]);
      fields.nanos = fractionNanos(match[4]);
      if (match[5]) applyMeridiem(fields, match[5], unknown);
      pendingHour = true;
    } else if ((match = /^(\d{1,2})(am|pm)$/i.exec(token))) {
      fields.hour = Number(match[1]);
      applyMeridiem(fields, match[2]!, unknown);
      pendingHour = true;
    } else if ((lowerToken === 'am' || lowerToken === 'pm') && fields.hour !== undefined) {
      applyMeridiem(fields, lowerToken, unknown);
    } else if ((match = /^(\d+)([-/.])(\d{1,2})(?:\2(\d{1,4}))?$/.exec(token))) {
      assignDelimitedDate(fields, match, text);
    } else if (/^\d{8}$/.test(token)) {
      fields.year = Number(token.slice(0, 4));
      fields.month = Number(token.slice(4, 6));
      fields.day = Number(token.slice(6, 8));
    } else if ((match = /^(\d+)(st|nd|rd|th)$/i.exec(token))) {
      numbers.push({ value: Number(match[1]), text: match[1]! });
    } else if (/^\d+$/.test(token)) {
      if (pendingHour === false && fields.year !== undefined && fields.month !== undefined && fields.day !== undefined && fields.hour === undefined && token.length <= 2) {
        fields.hour = Number(token);
        pendingHour = true;
      } else numbers.push({ value: Number(token), text: token });
    } else if (monthOf(token) !== undefined) {
      fields.month = monthOf(token);
    } else if (isWeekday(token.replace(/\.$/, ''))) {
      // dateutil notes the weekday and ignores it.
    } else if (/^[+-]\d{2}(:?\d{2})?$/.test(token) && fields.hour !== undefined) {
      fields.offsetMinutes = offsetOf(token);
    } else if ((token === 'Z' || token === 'UTC' || token === 'GMT' || token === 'z') && fields.hour !== undefined) {
      fields.offsetMinutes = 0;
    } else if (/^[A-Z]{1,5}$/.test(token) && fields.hour !== undefined && fields.offsetMinutes === undefined) {
      throw new PythonError(`Parsed string "${text}" included an un-recognized timezone "${token}".`, 'ValueError');
    } else if (JUMP_WORDS.has(lowerToken) || /^[-/.']$/.test(token)) {
      continue;
    } else throw unknown();
    sawAnything = true;
  }
  assignLooseNumbers(fields, numbers, text);
  if (!sawAnything || Object.values(fields).every((value) => value === undefined)) {
    throw dateParseError(`Unable to parse datetime string: ${text}`);
  }
  if (fields.year === undefined && fields.month === undefined && fields.day === undefined && /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text.trim())) {
    const today = now();
    fields.year = today.getFullYear();
    fields.month = today.getMonth() + 1;
    fields.day = today.getDate();
  }
  return build(fields, text);
}

function applyMeridiem(fields: Fields, meridiem: string, unknown: () => PythonError): void {
  const hour = fields.hour!;
  if (hour > 12) throw unknown();
  const pm = meridiem.toLowerCase() === 'pm';
  fields.hour = pm ? (hour === 12 ? 12 : hour + 12) : hour === 12 ? 0 : hour;
}

function assignDelimitedDate(fields: Fields, match: RegExpExecArray, text: string): void {
  const [, first, , second, third] = match as unknown as [string, string, string, string, string | undefined];
  const a = Number(first);
  const b = Number(second);
  if (first.length >= 3) {
    fields.year = a;
    fields.month = b;
    if (third !== undefined) fields.day = Number(third);
    return;
  }
  if (third === undefined) {
    if (second.length === 4 || b > 31) {
      fields.month = a;
      fields.year = b;
    } else {
      fields.month = a;
      fields.day = b;
    }
    return;
  }
  fields.year = Number(third);
  if (a > 12 && b > 12) throw dateParseError(`Invalid date specified (${a}/${b})`);
  if (a > 12) {
    fields.day = a;
    fields.month = b;
  } else {
    fields.month = a;
    fields.day = b;
  }
  void text;
}

function assignLooseNumbers(fields: Fields, numbers: { value: number; text: string }[], text: string): void {
  const rest = [...numbers];
  const yearIndex = rest.findIndex((number) => number.text.length >= 3 || number.value > 31);
  if (yearIndex >= 0 && fields.year === undefined) fields.year = rest.splice(yearIndex, 1)[0]!.value;
  if (fields.month === undefined && rest.length >= 2) fields.month = rest.shift()!.value;
  if (fields.day === undefined && rest.length > 0) fields.day = rest.shift()!.value;
  if (fields.month === undefined && rest.length > 0) fields.month = rest.shift()!.value;
  if (rest.length > 0) throw dateParseError(`Unknown datetime string format, unable to parse: ${text}`);
}

function parseString(text: string, now: () => Date): Timestamp | null {
  const trimmed = text.trim();
  if (text === '' || ['NaT', 'nat', 'NAT', 'nan', 'NaN', 'NAN'].includes(text)) return null;
  if (trimmed === '') throw dateParseError(`Unable to parse datetime string: ${text}`);
  if (trimmed === 'now' || trimmed === 'today') {
    const date = now();
    const fields: Fields = {
      year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(),
      hour: date.getHours(), minute: date.getMinutes(), second: date.getSeconds(), nanos: BigInt(date.getMilliseconds()) * 1_000_000n,
    };
    return build(fields, text);
  }
  if (PYTHON_FLOAT.test(trimmed) && !(Number(trimmed.replaceAll('_', '')) >= 1000)) {
    throw new PythonError(`Given date string "${text}" not likely a datetime`, 'ValueError');
  }
  const iso = ISO.exec(trimmed);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, zone] = iso;
    return build({
      year: Number(year), month: Number(month), day: Number(day),
      hour: hour === undefined ? undefined : Number(hour), minute: minute === undefined ? undefined : Number(minute),
      second: second === undefined ? undefined : Number(second), nanos: fractionNanos(fraction),
      offsetMinutes: zone === undefined ? null : offsetOf(zone),
    }, text);
  }
  return parseGeneral(text, now);
}

/** `pd.Timestamp(value)`; null is NaT. */
export function toTimestamp(value: PyValue, now: () => Date = () => new Date()): Timestamp | null {
  if (typeof value === 'string') return parseString(value, now);
  if (isInt(value)) return { ns: BigInt(value), offsetMinutes: null };
  if (value instanceof PyFloat) {
    if (Number.isNaN(value.value)) return null;
    return { ns: BigInt(Math.trunc(value.value)), offsetMinutes: null };
  }
  if (value === null) return null;
  throw new PythonError(`Cannot convert input [${pyStr(value)}] of type <class '${typeof value === 'boolean' ? 'bool' : Array.isArray(value) ? 'list' : 'dict'}'> to Timestamp`);
}

/** `a <op> b` between Timestamps: NaT compares false, naive against aware raises. */
export function compareTimestamps(a: Timestamp | null, op: '>=' | '<=' | '<', b: Timestamp | null): boolean {
  if (a === null || b === null) return false;
  if ((a.offsetMinutes === null) !== (b.offsetMinutes === null)) {
    throw new PythonError('Cannot compare tz-naive and tz-aware timestamps');
  }
  const x = a.ns - BigInt((a.offsetMinutes ?? 0) * 60) * 1_000_000_000n;
  const y = b.ns - BigInt((b.offsetMinutes ?? 0) * 60) * 1_000_000_000n;
  return op === '>=' ? x >= y : op === '<=' ? x <= y : x < y;
}

/** The instant a timestamp sorts by (naive ones by their wall clock). */
export function sortKey(timestamp: Timestamp): bigint {
  return timestamp.ns - BigInt((timestamp.offsetMinutes ?? 0) * 60) * 1_000_000_000n;
}

/** `timestamp.date()` as a day number (the wall-clock date, in the timestamp's own zone). */
export function dateOf(timestamp: Timestamp): bigint {
  const days = timestamp.ns / NS_PER_DAY;
  return timestamp.ns < 0n && timestamp.ns % NS_PER_DAY !== 0n ? days - 1n : days;
}
