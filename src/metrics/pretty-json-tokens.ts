// JSON laid out as `JSON.stringify(JSON.parse(text), null, 2)` lays it out, written token by token, so a value of
// any size passes through in constant memory. Primitives are re-serialised from their parsed value (numbers and
// escapes come out as JSON.stringify writes them). Member order is the text's: JSON.parse would put integer-like
// keys first and keep one of two equal keys, so a caller checks for those (KeyAnomalies) before relying on it.
import { TokenType } from '@streamparser/json';

export interface Frame {
  array: boolean;
  members: number;
  /** An object member's key was seen; its value comes next. */
  afterKey: boolean;
}

export type Step =
  /** An object key; `frame` is the object. */
  | { kind: 'key'; frame: Frame; depth: number }
  /** A value starts (a primitive, or an object or array: `opened`); `frame` holds it (undefined: the root). */
  | { kind: 'value'; frame: Frame | undefined; depth: number; opened?: Frame }
  /** An object or array closes; `frame` is it, `depth` the depth of what holds it. */
  | { kind: 'close'; frame: Frame; depth: number }
  | { kind: 'punctuation' };

const VALUE_TOKENS = new Set([TokenType.LEFT_BRACE, TokenType.LEFT_BRACKET, TokenType.STRING, TokenType.NUMBER, TokenType.TRUE, TokenType.FALSE, TokenType.NULL]);

/** Where each token of a JSON text stands: keys, values and closings, with the open objects and arrays. */
export class TokenFrames {
  readonly #frames: Frame[] = [];

  step(token: TokenType): Step {
    const top = this.#frames.at(-1);
    const depth = this.#frames.length;
    if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) return { kind: 'close', frame: this.#frames.pop()!, depth: depth - 1 };
    if (token === TokenType.STRING && top !== undefined && !top.array && !top.afterKey) {
      top.members++;
      top.afterKey = true;
      return { kind: 'key', frame: top, depth };
    }
    if (!VALUE_TOKENS.has(token)) return { kind: 'punctuation' };
    if (top !== undefined) {
      if (top.array) top.members++;
      else top.afterKey = false;
    }
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
      const opened: Frame = { array: token === TokenType.LEFT_BRACKET, members: 0, afterKey: false };
      this.#frames.push(opened);
      return { kind: 'value', frame: top, depth, opened };
    }
    return { kind: 'value', frame: top, depth };
  }
}

export class PrettyJsonWriter {
  readonly #out: (text: string) => void;
  readonly #newline: string;
  readonly #frames = new TokenFrames();

  /** `newline` is what every line break is written as: "\n" plus the indentation of the value's first line. */
  constructor(out: (text: string) => void, newline = '\n') {
    this.#out = out;
    this.#newline = newline;
  }

  token(token: TokenType, value: unknown): void {
    const step = this.#frames.step(token);
    const lineStart = (depth: number): string => `${this.#newline}${'  '.repeat(depth)}`;
    if (step.kind === 'key') {
      this.#out(`${step.frame.members > 1 ? ',' : ''}${lineStart(step.depth)}${JSON.stringify(value)}: `);
    } else if (step.kind === 'value') {
      const opening = token === TokenType.LEFT_BRACE ? '{' : token === TokenType.LEFT_BRACKET ? '[' : JSON.stringify(value);
      this.#out(step.frame?.array ? `${step.frame.members > 1 ? ',' : ''}${lineStart(step.depth)}${opening}` : opening);
    } else if (step.kind === 'close') {
      const close = step.frame.array ? ']' : '}';
      this.#out(step.frame.members > 0 ? `${lineStart(step.depth)}${close}` : close);
    }
  }
}

/** A key that JSON.parse would move (an array index such as "0") or merge (a second equal key). */
export class KeyAnomalies {
  readonly #open: (Set<string> | undefined)[] = [];
  found = false;

  /** Follow one token and where it stands. */
  token(token: TokenType, value: unknown, step: Step): void {
    if (step.kind === 'key') {
      const keys = this.#open.at(-1)!;
      const key = value as string;
      if (keys.has(key) || isArrayIndex(key)) this.found = true;
      keys.add(key);
    } else if (step.kind === 'close') this.#open.pop();
    else if (token === TokenType.LEFT_BRACE) this.#open.push(new Set());
    else if (token === TokenType.LEFT_BRACKET) this.#open.push(undefined);
  }
}

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}
