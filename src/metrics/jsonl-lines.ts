// JSONL lines with their byte ranges, so a row can be read again later by position (pread) instead of being kept.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.ts';

export interface LocatedLine {
  value: Record<string, unknown>;
  /** Byte offset of the line in the file, and its length without the line terminator. */
  offset: number;
  length: number;
  lineNumber: number;
}

/** Every non-blank line of `path` as a JSON object, with where it is; a bad line is an InputError naming it. */
export async function* locatedLines(path: string, shown: string = path): AsyncGenerator<LocatedLine> {
  // The start of a line that continues in the next chunk; only that piece is ever copied (a chunk is not).
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;
  let lineNumber = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    if (carry.length > 0) {
      const newline = chunk.indexOf(0x0a);
      if (newline < 0) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      const line = parseLine(Buffer.concat([carry, chunk.subarray(0, newline)]), offset, ++lineNumber, shown);
      if (line !== undefined) yield line;
      offset += carry.length + newline + 1;
      carry = Buffer.alloc(0);
      start = newline + 1;
    }
    for (let newline = chunk.indexOf(0x0a, start); newline >= 0; newline = chunk.indexOf(0x0a, start)) {
      const line = parseLine(chunk.subarray(start, newline), offset, ++lineNumber, shown);
      if (line !== undefined) yield line;
      offset += newline + 1 - start;
      start = newline + 1;
    }
    carry = Buffer.from(chunk.subarray(start));
  }
  if (carry.length > 0) {
    const line = parseLine(carry, offset, lineNumber + 1, shown);
    if (line !== undefined) yield line;
  }
}

function parseLine(bytes: Buffer, offset: number, lineNumber: number, shown: string): LocatedLine | undefined {
  const length = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  const text = bytes.toString('utf8', 0, length);
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`Malformed JSON in '${shown}' at line ${lineNumber}: ${(error as Error).message}`, {
      file: shown,
      line: lineNumber,
      hint: 'a rollouts file holds one JSON object per line; fix or remove that line (a torn last line is what a killed run leaves)',
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`Line ${lineNumber} of '${shown}' is not a JSON object`, { file: shown, line: lineNumber, hint: 'a rollouts file holds one JSON object per line' });
  }
  return { value: value as Record<string, unknown>, offset, length, lineNumber };
}

const MAX_OPEN_FILES = 64;

/** Positional reads of lines located earlier; keeps up to 64 files open until `close`. */
export class LineReader {
  readonly #paths: readonly string[];
  readonly #fds = new Map<number, number>();
  #buffer = Buffer.alloc(64 * 1024);

  constructor(paths: readonly string[]) {
    this.#paths = paths;
  }

  /** The line's text (file `file` of the constructor's list). */
  read(file: number, offset: number, length: number): string {
    let fd = this.#fds.get(file);
    if (fd === undefined) {
      // Hundreds of shards must not exhaust the descriptor limit: keep the most recently opened few.
      if (this.#fds.size >= MAX_OPEN_FILES) {
        const [oldest, oldestFd] = this.#fds.entries().next().value!;
        closeSync(oldestFd);
        this.#fds.delete(oldest);
      }
      fd = openSync(this.#paths[file]!, 'r');
      this.#fds.set(file, fd);
    }
    if (this.#buffer.length < length) this.#buffer = Buffer.alloc(Math.max(length, this.#buffer.length * 2));
    let read = 0;
    while (read < length) {
      const n = readSync(fd, this.#buffer, read, length - read, offset + read);
      if (n === 0) throw new InputError(`'${this.#paths[file]}' changed while it was being read (it is shorter than when it was indexed)`, { file: this.#paths[file], hint: 'do not write to the rollouts while their metrics are computed; rerun once the writer has finished' });
      read += n;
    }
    return this.#buffer.toString('utf8', 0, length);
  }

  close(): void {
    for (const fd of this.#fds.values()) closeSync(fd);
    this.#fds.clear();
  }
}
