// Lazy JSONL reading: one parsed row at a time, blank lines skipped. What cannot be read faithfully is refused with its
// file and line, never altered: a malformed line, invalid UTF-8 (no silent U+FFFD), a line larger than allowed (found
// without holding it in memory). A UTF-8 byte order mark at the start of the file is skipped, as JSON parsers may.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { InputError } from '../errors.ts';
import { explainFileError } from '../file-errors.ts';

export interface JsonlLine {
  /** 1-based physical line number. */
  lineNumber: number;
  /** The line's text without its line terminator (and without a leading byte order mark). */
  raw: string;
  value: Record<string, unknown>;
}

export interface ReadJsonlOptions {
  /** How to name the file in errors. */
  displayPath?: string;
  /** Longest line accepted, bytes. @default just under the longest string V8 can hold */
  maxLineBytes?: number;
  /** Why lines are limited to maxLineBytes and what to do, for the error's fix. */
  oversizeHint?: string;
}

/** V8's largest string is 2^29 - 24 characters; a longer line could not be parsed at all. */
const LONGEST_PARSABLE_LINE = 2 ** 29 - 24;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Yield the JSON object of every non-blank line of `path`, in file order. */
export async function* readJsonl(path: string, options: ReadJsonlOptions = {}): AsyncGenerator<JsonlLine> {
  const shown = options.displayPath ?? path;
  const limit = Math.min(options.maxLineBytes ?? LONGEST_PARSABLE_LINE, LONGEST_PARSABLE_LINE);
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  const finishLine = (tail: Buffer): JsonlLine | undefined => {
    lineNumber++;
    const size = pendingBytes + tail.length;
    if (size > limit) throw oversizeLine(shown, lineNumber, size, limit, options.oversizeHint);
    const bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail], size);
    pending = [];
    pendingBytes = 0;
    return parseLine(bytes, lineNumber, shown);
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
        const line = finishLine(chunk.subarray(start, newline));
        start = newline + 1;
        if (line !== undefined) yield line;
      }
      const rest = chunk.subarray(start);
      pendingBytes += rest.length;
      // Past the limit the line is only counted, not kept: a 200 MB row costs no memory before it is refused.
      if (pendingBytes <= limit) pending.push(Buffer.from(rest));
      else pending = [];
    }
    if (pendingBytes > 0) {
      const line = finishLine(Buffer.alloc(0));
      if (line !== undefined) yield line;
    }
  } catch (error) {
    throw explainFileError(error, { path: shown, action: 'read' });
  } finally {
    stream.destroy();
  }
}

function parseLine(bytes: Buffer, lineNumber: number, shown: string): JsonlLine | undefined {
  let body = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
  if (lineNumber === 1 && body.subarray(0, 3).equals(BOM)) body = body.subarray(3);
  if (!isUtf8(body)) throw notUtf8(shown, lineNumber, body);
  const raw = body.toString('utf8');
  if (raw.trim() === '') return undefined;
  return { lineNumber, raw, value: parseJsonlLine(raw, lineNumber, shown) };
}

/** The JSON object of one line; a malformed line or a non-object is an InputError naming file and line. */
export function parseJsonlLine(raw: string, lineNumber: number, shown: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    const bom = raw.startsWith('\uFEFF') ? ' (the line starts with a byte order mark, U+FEFF, in the middle of the file: were files concatenated?)' : '';
    throw new InputError(`Malformed JSON in '${shown}' at line ${lineNumber}: ${(error as Error).message}${bom}`, {
      file: shown,
      line: lineNumber,
      hint: 'every line must be one JSON object (JSONL); fix or remove that line',
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`Line ${lineNumber} of '${shown}' is not a JSON object (it is ${describeJsonType(value)})`, {
      file: shown,
      line: lineNumber,
      hint: 'every line must be one JSON object such as {"responses_create_params": {...}}',
    });
  }
  return value as Record<string, unknown>;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

function notUtf8(shown: string, lineNumber: number, bytes: Buffer): InputError {
  const offset = firstInvalidUtf8Byte(bytes);
  return new InputError(`Line ${lineNumber} of '${shown}' is not valid UTF-8 (byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at byte ${offset + 1} of the line); it is refused rather than read with replaced characters`, {
    file: shown,
    line: lineNumber,
    hint: `convert the file to UTF-8, e.g. \`iconv -f latin1 -t utf-8 '${shown}' > fixed.jsonl\` (if it was Latin-1), and use that file`,
  });
}

/** Offset of the first byte that breaks UTF-8 (the lead byte of a bad sequence). */
function firstInvalidUtf8Byte(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}

function oversizeLine(shown: string, lineNumber: number, size: number, limit: number, hint = 'make that line smaller'): InputError {
  return new InputError(`Line ${lineNumber} of '${shown}' is ${formatBytes(size)}, more than the ${formatBytes(limit)} a line may have`, { file: shown, line: lineNumber, hint });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
