// Hydra's functions in override values: the casts int(), float(), str(), bool() as Hydra evaluates them (Python's
// conversions), sweeps recognised so they can be refused, anything else unknown.

/** A quoted string: a string whatever it holds (`'123'` stays text). */
export class Quoted {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}

/** A Python float (`1.0`, `1e3`, `inf`): a number, but str() prints it the way Python does. */
export class PyFloat {
  readonly value: number;

  constructor(value: number) {
    this.value = value;
  }

  toString(): string {
    return pythonFloatRepr(this.value);
  }
}

/** A sweep (`a,b`, choice(...), range(...)...): only legal with Hydra's --multirun, which no ng_* command has. */
export class SweepValue {
  readonly kind: string;

  constructor(kind: string) {
    this.kind = kind;
  }
}

export type Parsed = string | number | boolean | null | Quoted | PyFloat | SweepValue | Parsed[] | Map<string, Parsed>;

const SWEEPS = new Set(['choice', 'range', 'interval', 'glob', 'tag']);
const UNSUPPORTED = new Set(['sort', 'shuffle', 'extend_list', 'json_str']);
const CASTS = ['bool', 'float', 'int', 'str'] as const;
type CastName = (typeof CASTS)[number];

/** Python's repr() of a float: `1.0`, `0.0001`, `1e-05`, `1e+16`, `inf`, `nan`. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction || '0'}`;
}

class PythonValueError extends Error {
  readonly pythonType: string;

  constructor(pythonType: string, message: string) {
    super(message);
    this.pythonType = pythonType;
  }
}

const pyRepr = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function pythonInt(value: string | number | boolean | PyFloat): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (value instanceof PyFloat) {
    if (Number.isNaN(value.value)) throw new PythonValueError('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(value.value)) throw new PythonValueError('OverflowError', 'cannot convert float infinity to integer');
    return Math.trunc(value.value);
  }
  const text = value.trim();
  if (!/^[+-]?\d(?:_?\d)*$/.test(text)) throw new PythonValueError('ValueError', `invalid literal for int() with base 10: ${pyRepr(value)}`);
  return Number(text.replace(/_/g, ''));
}

function pythonFloat(value: string | number | boolean | PyFloat): PyFloat {
  if (typeof value === 'boolean') return new PyFloat(value ? 1 : 0);
  if (typeof value === 'number') return new PyFloat(value);
  if (value instanceof PyFloat) return value;
  const text = value.trim().toLowerCase();
  const special = /^([+-]?)(inf|infinity|nan)$/.exec(text);
  if (special) return new PyFloat(special[2] === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity);
  const digits = '\\d(?:_?\\d)*';
  if (!new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:e[+-]?${digits})?$`).test(text)) {
    throw new PythonValueError('ValueError', `could not convert string to float: ${pyRepr(value)}`);
  }
  return new PyFloat(Number(text.replace(/_/g, '')));
}

function pythonBool(value: string | number | boolean | PyFloat): boolean {
  if (typeof value === 'string') {
    if (value.toLowerCase() === 'true') return true;
    if (value.toLowerCase() === 'false') return false;
    throw new PythonValueError('ValueError', `Cannot cast ${pyRepr(value)} to bool`);
  }
  const number = value instanceof PyFloat ? value.value : Number(value);
  return Number.isNaN(number) || number !== 0;
}

function pythonStr(value: string | number | boolean | PyFloat): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value.toString();
}

/** Apply a cast the way Hydra does: into lists and dict values, quoted strings by their text. */
function cast(name: CastName, value: Parsed): Parsed {
  if (value instanceof Quoted) return cast(name, value.text);
  if (Array.isArray(value)) return value.map((item) => cast(name, item));
  if (value instanceof Map) return new Map([...value].map(([key, item]) => [key, cast(name, item)]));
  if (value instanceof SweepValue) return value;
  if (value === null) throw new PythonValueError('AssertionError', 'null cannot be cast');
  if (name === 'int') return pythonInt(value);
  if (name === 'float') return pythonFloat(value);
  if (name === 'bool') return pythonBool(value);
  return pythonStr(value);
}

/** Evaluate `name(args, kwargs)`; throws Error with Hydra's wording. */
export function callOverrideFunction(name: string, args: readonly Parsed[], kwargs: ReadonlyMap<string, Parsed>): Parsed {
  const text = `${name}(...)`;
  if (SWEEPS.has(name)) return new SweepValue(name);
  if (UNSUPPORTED.has(name)) throw new Error(`${name}(...) is not supported by rollout-gym; write the value itself`);
  if (!(CASTS as readonly string[]).includes(name)) {
    throw new Error(`unknown function '${name}' (Hydra's value functions: ${[...CASTS].join(', ')}; sweeps need --multirun)`);
  }
  const unexpected = [...kwargs.keys()].find((key) => key !== 'value');
  if (unexpected) throw new Error(`TypeError while evaluating '${text}': got an unexpected keyword argument '${unexpected}'`);
  if (args.length > 0 && kwargs.has('value')) throw new Error(`TypeError while evaluating '${text}': cannot use both position and named arguments`);
  const values = kwargs.has('value') ? [kwargs.get('value')!] : args;
  if (values.length === 0) throw new Error(`TypeError while evaluating '${text}': No positional args or value specified`);
  if (values.length > 1) return new SweepValue('simple');
  try {
    return cast(name as CastName, values[0]!);
  } catch (error) {
    if (!(error instanceof PythonValueError)) throw error;
    throw new Error(`${error.pythonType} while evaluating '${text}': ${error.message}`);
  }
}
