// Tokens of an override's value, as Hydra's OverrideLexer (VALUE_MODE) cuts them: longest match, ties to the earlier rule.

export type TokenType =
  | 'POPEN' | 'COMMA' | 'PCLOSE' | 'BRACKET_OPEN' | 'BRACKET_CLOSE' | 'BRACE_OPEN' | 'BRACE_CLOSE' | 'COLON' | 'EQUAL'
  | 'FLOAT' | 'INT' | 'BOOL' | 'NULL' | 'UNQUOTED_CHAR' | 'ID' | 'ESC' | 'WS' | 'QUOTED_VALUE' | 'INTERPOLATION'
  /** A character Hydra's lexer has no rule for (`#`, `!`, `;`, a non-ASCII letter...): we keep it as text. */
  | 'OTHER';

export interface Token {
  type: TokenType;
  text: string;
  /** Offset in the value text. */
  start: number;
}

// Newlines count as blanks: a `+config_paths=[a.yaml,\n b.yaml]` pasted over two lines still reads.
const WS = '[ \\t\\r\\n]';
const UINT = '(?:0|[1-9](?:_?[0-9])*)';
const DIGITS = '[0-9](?:_?[0-9])*';
const POINT_FLOAT = `(?:${UINT}?\\.${DIGITS}|${UINT}\\.)`;

/** Hydra's rules in its order (the order breaks ties between matches of equal length). */
const RULES: readonly [TokenType, RegExp][] = (
  [
    ['POPEN', `${WS}*\\(${WS}*`],
    ['COMMA', `${WS}*,${WS}*`],
    ['PCLOSE', `${WS}*\\)`],
    ['BRACKET_OPEN', `\\[${WS}*`],
    ['BRACKET_CLOSE', `${WS}*\\]`],
    ['BRACE_OPEN', `\\{${WS}*`],
    ['BRACE_CLOSE', `${WS}*\\}`],
    ['COLON', `${WS}*:${WS}*`],
    ['EQUAL', `${WS}*=${WS}*`],
    ['FLOAT', `[+-]?(?:(?:${POINT_FLOAT}|${UINT})[eE][+-]?${DIGITS}|${POINT_FLOAT}|[Ii][Nn][Ff]|[Nn][Aa][Nn])`],
    ['INT', `[+-]?${UINT}`],
    ['BOOL', '(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])'],
    ['NULL', '[Nn][Uu][Ll][Ll]'],
    ['UNQUOTED_CHAR', '[/\\-\\\\+.$%*@?|]'],
    ['ID', '[a-zA-Z_][a-zA-Z0-9_-]*'],
    ['ESC', '(?:\\\\\\\\|\\\\[()[\\]{}:=, \\t])+'],
    ['WS', `${WS}+`],
  ] as const
).map(([type, source]) => [type, new RegExp(source, 'y')]);

/** `"..."` or `'...'`: up to the first same quote preceded by an even number of backslashes; -1 when never closed. */
function quotedEnd(text: string, start: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] !== quote) continue;
    let backslashes = 0;
    while (text[i - 1 - backslashes] === '\\' && i - 1 - backslashes > start) backslashes += 1;
    if (backslashes % 2 === 0) return i + 1;
  }
  return -1;
}

/** `${...}` with nested `${...}` balanced (Hydra stops at the first `}`; we accept nesting); -1 when never closed. */
function interpolationEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    if (text.startsWith('${', i)) {
      depth += 1;
      i += 1;
    } else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Cut `text` into tokens; never fails (what Hydra cannot lex becomes OTHER, and the parser decides). */
export function tokenizeOverrideValue(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < text.length) {
    let best: Token | undefined;
    for (const [type, pattern] of RULES) {
      pattern.lastIndex = position;
      const match = pattern.exec(text);
      if (match && match[0].length > (best?.text.length ?? 0)) best = { type, text: match[0], start: position };
    }
    const char = text[position]!;
    const special = char === '"' || char === "'" ? quotedEnd(text, position) : text.startsWith('${', position) ? interpolationEnd(text, position) : -1;
    if (special > position && special - position > (best?.text.length ?? 0)) {
      best = { type: char === '$' ? 'INTERPOLATION' : 'QUOTED_VALUE', text: text.slice(position, special), start: position };
    }
    best ??= { type: 'OTHER', text: String.fromCodePoint(text.codePointAt(position)!), start: position };
    tokens.push(best);
    position += best.text.length;
  }
  return tokens;
}
