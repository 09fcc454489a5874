// Lazy JSONL reading: one parsed row at a time, blank lines skipped, a malformed line is an InputError.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../errors.ts';

export interface JsonlLine {
  /** 1-based physical line number. */
  lineNumber: number;
  /** The line's text without its line terminator. */
  raw: string;
  value: Record<string, unknown>;
}

/** The JSON object of one line; a malformed line or a non-object is an InputError naming file and line. */
export function parseJsonlLine(raw: string, lineNumber: number, shown: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new InputError(`Malformed JSON in '${shown}' at line ${lineNumber}: ${(error as Error).message}`, {
      file: shown,
      line: lineNumber,
      hint: 'every line must be one JSON object (JSONL); fix or remove that line',
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`Line ${lineNumber} of '${shown}' is not a JSON object`, {
      file: shown,
      line: lineNumber,
      hint: 'every line must be one JSON object such as {"responses_create_params": {...}}',
    });
  }
  return value as Record<string, unknown>;
}

/** Yield the JSON object of every non-blank line of `path`, in file order. */
export async function* readJsonl(path: string, options: { displayPath?: string } = {}): AsyncGenerator<JsonlLine> {
  const shown = options.displayPath ?? path;
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const raw of lines) {
      lineNumber++;
      if (raw.trim() === '') continue;
      yield { lineNumber, raw, value: parseJsonlLine(raw, lineNumber, shown) };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
