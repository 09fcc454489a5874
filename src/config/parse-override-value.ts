// The text after `=` in an override, read with Hydra's value grammar (OverrideParser.g4): the same command line
// gives the same value and type as in NeMo Gym. Lists `[a,b]`, dicts `{a: 1}`, quoted strings, `${...}`, the casts
// int()/float()/str()/bool(). Sweeps (`a,b`, choice(), range()...) are refused as Hydra refuses them without --multirun.
import { ConfigError } from '../errors.ts';
import { callOverrideFunction, PyFloat, Quoted, SweepValue, type Parsed } from './override-value-functions.ts';
import { tokenizeOverrideValue, type Token, type TokenType } from './override-value-lexer.ts';

/** Token types a primitive may be made of (besides one quoted string alone). */
const PRIMITIVE_PARTS: ReadonlySet<TokenType> = new Set(['ID', 'NULL', 'INT', 'FLOAT', 'BOOL', 'INTERPOLATION', 'UNQUOTED_CHAR', 'COLON', 'ESC', 'WS', 'OTHER', 'EQUAL']);
/** A dict key: the same without COLON and INTERPOLATION (and, as in Hydra, no quoted key). */
const DICT_KEY_PARTS: ReadonlySet<TokenType> = new Set(['ID', 'NULL', 'INT', 'FLOAT', 'BOOL', 'UNQUOTED_CHAR', 'ESC', 'WS', 'OTHER']);

/** A problem at a position of the value text. */
class ValueSyntaxError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

/** Hydra's un-escaping of a quoted string: backslashes are special only before a quote (and at the end). */
function unquote(text: string): string {
  const quote = text[0]!;
  let rest = text.slice(1);
  const pattern = new RegExp(`(\\\\)+${quote}`);
  let match = pattern.exec(rest);
  if (!match) return rest.slice(0, -1);
  const pieces: string[] = [];
  while (match) {
    const stop = match.index + match[0].length;
    pieces.push(rest.slice(0, match.index));
    let unescaped = '';
    for (let i = match.index + 1; i < stop; i += 2) unescaped += rest[i];
    pieces.push(unescaped);
    rest = rest.slice(stop);
    match = pattern.exec(rest);
  }
  if (rest.length > 1) pieces.push(rest.slice(0, -1));
  return pieces.join('');
}

/** `\,` -> `,`: an escape token keeps every other character. */
function unescape(text: string): string {
  let result = '';
  for (let i = 1; i < text.length; i += 2) result += text[i];
  return result;
}

/** Python's int("1_000") / float("1_0.5e3"): underscores between digits are allowed. */
function numberOf(text: string): number {
  const plain = text.replace(/_/g, '').toLowerCase();
  if (/^[+-]?inf$/.test(plain)) return plain.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(plain)) return Number.NaN;
  return Number(plain);
}

class ValueParser {
  private index = 0;
  private readonly tokens: Token[];
  private readonly length: number;

  constructor(tokens: Token[], length: number) {
    this.tokens = tokens;
    this.length = length;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  private position(): number {
    return this.peek()?.start ?? this.length;
  }

  private fail(message: string): never {
    throw new ValueSyntaxError(message, this.position());
  }

  private expect(type: TokenType, what: string): Token {
    const token = this.peek();
    if (token?.type !== type) this.fail(`expected ${what}, found ${token ? `'${token.text.trim() || token.text}'` : 'the end'}`);
    this.index += 1;
    return token;
  }

  /** value: element | element (COMMA element)+ (a simple choice sweep). */
  value(): Parsed {
    if (this.tokens.length === 0) return '';
    const first = this.element();
    if (this.peek()?.type !== 'COMMA') return this.end(first);
    const choices = [first];
    while (this.peek()?.type === 'COMMA') {
      this.index += 1;
      choices.push(this.element());
    }
    return this.end(new SweepValue('simple'));
  }

  private end(value: Parsed): Parsed {
    if (this.index < this.tokens.length) this.fail(`unexpected '${this.peek()!.text.trim() || this.peek()!.text}'`);
    return value;
  }

  private element(): Parsed {
    const token = this.peek();
    if (!token) this.fail('a value is missing');
    if (token.type === 'BRACKET_OPEN') return this.list();
    if (token.type === 'BRACE_OPEN') return this.dict();
    if (token.type === 'ID' && this.peek(1)?.type === 'POPEN') return this.call();
    return this.primitive(PRIMITIVE_PARTS);
  }

  private list(): Parsed[] {
    this.expect('BRACKET_OPEN', "'['");
    const items: Parsed[] = [];
    if (this.peek()?.type === 'BRACKET_CLOSE') {
      this.index += 1;
      return items;
    }
    for (;;) {
      items.push(this.element());
      if (this.peek()?.type === 'COMMA') {
        this.index += 1;
        continue;
      }
      this.expect('BRACKET_CLOSE', "',' or ']'");
      return items;
    }
  }

  private dict(): Map<string, Parsed> {
    this.expect('BRACE_OPEN', "'{'");
    const entries = new Map<string, Parsed>();
    if (this.peek()?.type === 'BRACE_CLOSE') {
      this.index += 1;
      return entries;
    }
    for (;;) {
      const keyStart = this.position();
      const key = this.primitive(DICT_KEY_PARTS);
      if (key === null || key instanceof Quoted) throw new ValueSyntaxError('a dict key must be a plain name', keyStart);
      this.expect('COLON', "':' after the dict key");
      entries.set(key instanceof PyFloat ? key.toString() : String(key), this.element());
      if (this.peek()?.type === 'COMMA') {
        this.index += 1;
        continue;
      }
      this.expect('BRACE_CLOSE', "',' or '}'");
      return entries;
    }
  }

  /** function: ID POPEN (argName? element (COMMA argName? element)*)? PCLOSE */
  private call(): Parsed {
    const name = this.expect('ID', 'a function name');
    this.expect('POPEN', "'('");
    const args: Parsed[] = [];
    const kwargs = new Map<string, Parsed>();
    if (this.peek()?.type === 'PCLOSE') this.index += 1;
    else {
      for (;;) {
        if (this.peek()?.type === 'ID' && this.peek(1)?.type === 'EQUAL') {
          const argName = this.expect('ID', 'an argument name').text;
          this.index += 1;
          kwargs.set(argName, this.element());
        } else {
          if (kwargs.size > 0) this.fail('positional argument follows keyword argument');
          args.push(this.element());
        }
        if (this.peek()?.type === 'COMMA') {
          this.index += 1;
          continue;
        }
        this.expect('PCLOSE', "',' or ')'");
        break;
      }
    }
    try {
      return callOverrideFunction(name.text, args, kwargs);
    } catch (error) {
      throw new ValueSyntaxError((error as Error).message, name.start);
    }
  }

  /** Hydra's _createPrimitive: one token keeps its type; several make one string (escapes undone, inner blanks kept). */
  private primitive(allowed: ReadonlySet<TokenType>): Parsed {
    const first = this.peek();
    if (first?.type === 'QUOTED_VALUE' && allowed === PRIMITIVE_PARTS) {
      this.index += 1;
      return new Quoted(unquote(first.text));
    }
    const parts: Token[] = [];
    while (this.peek() && allowed.has(this.peek()!.type)) {
      parts.push(this.peek()!);
      this.index += 1;
    }
    if (parts.length === 0) this.fail(first ? `unexpected '${first.text.trim() || first.text}'` : 'a value is missing');
    while (parts[0]?.type === 'WS') parts.shift();
    while (parts.at(-1)?.type === 'WS') parts.pop();
    if (parts.length === 0) this.fail('a value is all blanks');
    if (parts.length > 1) return parts.map((part) => (part.type === 'ESC' ? unescape(part.text) : part.text)).join('');
    const only = parts[0]!;
    switch (only.type) {
      case 'INT':
        return numberOf(only.text);
      case 'FLOAT':
        return new PyFloat(numberOf(only.text));
      case 'NULL':
        return null;
      case 'BOOL':
        return only.text.toLowerCase() === 'true';
      case 'ESC':
        return unescape(only.text);
      default:
        return only.text;
    }
  }
}

/** Quoted strings become strings, Python floats plain numbers, dicts plain objects (Hydra's Override.value()). */
export function toPlainValue(value: Parsed): unknown {
  if (value instanceof Quoted) return value.text;
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [key, toPlainValue(item)]));
  return value;
}

function valueError(argument: string, message: string, hint: string, details?: string): ConfigError {
  return new ConfigError(`cannot read the value of \`${argument}\`: ${message}`, {
    code: 'RG_CONFIG_OVERRIDE',
    source: `command line \`${argument}\``,
    details,
    hint,
  });
}

/** Parse an override value; `argument` is the whole command-line argument as shown in errors. */
export function parseOverrideValue(raw: string, argument: string): unknown {
  const text = raw.replace(/^[ \t]+/, '');
  let parsed: Parsed;
  try {
    parsed = new ValueParser(tokenizeOverrideValue(text), text.length).value();
  } catch (error) {
    if (!(error instanceof ValueSyntaxError)) throw error;
    const offset = argument.length - text.length + error.position;
    const caret = argument.includes('\n') ? undefined : `${argument}\n${' '.repeat(Math.max(0, offset))}^`;
    throw valueError(
      argument,
      error.message,
      "write lists as [a,b], dicts as {key: value}; quote a value holding ( ) [ ] { } , or ' \" (e.g. +k='a, b'), and quote the whole argument for the shell",
      caret,
    );
  }
  if (parsed instanceof SweepValue) {
    const key = argument.slice(0, argument.indexOf('='));
    throw valueError(
      argument,
      parsed.kind === 'simple'
        ? 'a comma outside [ ] or quotes makes a sweep, and rollout-gym commands run once (as Hydra without --multirun)'
        : `${parsed.kind}(...) is a sweep, and rollout-gym commands run once (as Hydra without --multirun)`,
      parsed.kind === 'simple' ? `for a list write ${key}=[a,b]; for a string with a comma quote it: '${key}="a,b"'` : 'give one value',
    );
  }
  return toPlainValue(parsed);
}
