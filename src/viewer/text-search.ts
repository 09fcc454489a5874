// Text search: stream the file in large chunks and find the text in each, in any case unless asked for exact.
import { open } from 'node:fs/promises';
import type { RolloutRun, RowRef } from './run.ts';
import { summaryPredicate, type RowFilter } from './row-query.ts';
import type { RowSource } from './row-source.ts';

const CHUNK_BYTES = 8 * 1024 * 1024;

/** The byte strings a text can take in a JSONL file: as typed, JSON-escaped, and ASCII-escaped (Python's default). */
export function needlesFor(text: string): Buffer[] {
  return [...new Set(formsOf(text))].map((needle) => Buffer.from(needle, 'utf8'));
}

/** `text` as typed, JSON-escaped (`\"`, `\n`), and with non-ASCII as `\uXXXX` (Python's json.dumps default). */
function formsOf(text: string): string[] {
  const escaped = JSON.stringify(text).slice(1, -1);
  const asciiEscaped = escaped.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [text, escaped, asciiEscaped];
}

/** Finds where a text occurs in a chunk of the file's bytes. */
export interface TextMatcher {
  /** The longest byte span a match can take (chunks overlap by this much, less one). */
  readonly maxBytes: number;
  /** Start offsets of the matches in `buffer[0, length)`, ascending. */
  hits(buffer: Buffer, length: number): number[];
}

/**
 * Exact: the text's byte forms, found by a native byte search. Otherwise case-insensitive: a pattern over
 * the chunk's bytes (read as latin1, so string offsets are byte offsets) where each character may take
 * any of its cases and any of its forms in the file; no `i` flag, which would fold latin1 letters that are
 * really bytes of UTF-8 characters.
 */
export function matcherFor(text: string, exactCase: boolean): TextMatcher {
  if (exactCase || text.toLowerCase() === text.toUpperCase()) {
    const needles = needlesFor(text);
    return {
      maxBytes: Math.max(...needles.map((needle) => needle.length)),
      hits(buffer, length) {
        const found: number[] = [];
        for (const needle of needles) {
          for (let at = buffer.indexOf(needle, 0); at !== -1 && at + needle.length <= length; at = buffer.indexOf(needle, at + 1)) found.push(at);
        }
        return found.sort((a, b) => a - b);
      },
    };
  }
  let maxBytes = 0;
  const pieces = [...text].map((character) => {
    const forms = new Set<string>();
    for (const variant of new Set([character, character.toLowerCase(), character.toUpperCase()])) {
      for (const form of formsOf(variant)) forms.add(Buffer.from(form, 'utf8').toString('latin1'));
    }
    maxBytes += Math.max(...[...forms].map((form) => form.length));
    const all = [...forms];
    return all.every((form) => form.length === 1) ? `[${all.map(escapeForClass).join('')}]` : `(?:${all.map(escapeForPattern).join('|')})`;
  });
  const pattern = new RegExp(pieces.join(''), 'g');
  return {
    maxBytes,
    hits(buffer, length) {
      const text = buffer.toString('latin1', 0, length);
      const found: number[] = [];
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        found.push(match.index);
        pattern.lastIndex = match.index + 1;
      }
      return found;
    },
  };
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeForClass(character: string): string {
  return /[\\\]^-]/.test(character) ? `\\${character}` : character;
}

/** First row index >= `from` whose span ends at or after `position` (rows are sorted by offset). */
function rowAtOrAfter(source: RowSource, position: number, from: number): number {
  let lo = from;
  let hi = source.table.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (source.table.ends[mid]! < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rows of `source` from `fromRow` on that contain the matcher's text and pass `accepts`, up to `limit`. */
async function searchSource(source: RowSource, matcher: TextMatcher, fromRow: number, accepts: (i: number) => boolean, limit: number): Promise<{ rows: number[]; resumeAt: number | null }> {
  const table = source.table;
  const rowCount = table.length;
  const rows: number[] = [];
  if (fromRow >= rowCount || matcher.maxBytes === 0) return { rows, resumeAt: null };
  const overlap = matcher.maxBytes - 1;
  const end = table.ends[rowCount - 1]!;
  const handle = await open(source.path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = table.starts[fromRow]!;
    let lastRow = fromRow - 1;
    while (position < end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, end - position), position);
      if (bytesRead === 0) break;
      let row = lastRow + 1;
      for (const at of matcher.hits(buffer, bytesRead)) {
        const hit = position + at;
        row = rowAtOrAfter(source, hit, Math.max(row, lastRow + 1));
        if (row >= rowCount || table.starts[row]! > hit || row <= lastRow) continue;
        lastRow = row;
        if (!accepts(row)) continue;
        rows.push(row);
        if (rows.length === limit) return { rows, resumeAt: row + 1 < rowCount ? row + 1 : null };
      }
      if (position + bytesRead >= end) break;
      position += Math.max(1, bytesRead - overlap);
    }
  } finally {
    await handle.close();
  }
  return { rows, resumeAt: null };
}

/**
 * Rows of the run containing `filter.text` (any case unless `filter.exactCase`), in list order, starting at
 * list position `cursor`. Returns at most `limit` rows and the cursor of the next page (null at the end).
 */
export async function searchRows(run: RolloutRun, filter: RowFilter, cursor: number, limit: number): Promise<{ refs: RowRef[]; nextCursor: number | null }> {
  const matcher = matcherFor(filter.text ?? '', filter.exactCase === true);
  const refs: RowRef[] = [];
  const rolloutCount = run.rollouts.table.length;
  const parts: Array<{ source: RowSource; base: number; prefix: 'r' | 'f' }> = [
    { source: run.rollouts, base: 0, prefix: 'r' },
    { source: run.failures, base: rolloutCount, prefix: 'f' },
  ];
  for (const { source, base, prefix } of parts) {
    const fromRow = Math.max(0, cursor - base);
    if (fromRow >= source.table.length) continue;
    const found = await searchSource(source, matcher, fromRow, summaryPredicate(source.table, filter), limit - refs.length);
    for (const index of found.rows) refs.push({ source, index, id: `${prefix}${index}` });
    if (refs.length === limit) {
      const next = found.resumeAt === null ? base + source.table.length : base + found.resumeAt;
      return { refs, nextCursor: next < run.rowCount ? next : null };
    }
  }
  return { refs, nextCursor: null };
}
