// JSONL read with the byte position of every line, so that a later step can fetch one line again without an index
// of the rows in memory.
import { createReadStream, readSync } from 'node:fs';
import { parseJsonlLine } from './jsonl-reader.ts';

export interface PositionedLine {
  lineNumber: number;
  /** Byte offset of the line in the file. */
  offset: number;
  value: Record<string, unknown>;
}

/** Every non-blank line of `path` as a JSON object, with where it sits in the file. */
export async function* readJsonlWithOffsets(path: string, options: { displayPath?: string } = {}): AsyncGenerator<PositionedLine> {
  const shown = options.displayPath ?? path;
  let pending: Buffer = Buffer.alloc(0);
  let pendingOffset = 0;
  let lineNumber = 0;
  function* linesOf(buffer: Buffer, final: boolean): Generator<PositionedLine> {
    let start = 0;
    for (;;) {
      let end = buffer.indexOf(0x0a, start);
      if (end < 0) {
        if (!final || start >= buffer.length) break;
        end = buffer.length;
      }
      lineNumber++;
      let stop = end;
      if (stop > start && buffer[stop - 1] === 0x0d) stop--;
      const text = buffer.toString('utf8', start, stop);
      if (text.trim() !== '') yield { lineNumber, offset: pendingOffset + start, value: parseJsonlLine(text, lineNumber, shown) };
      start = end + 1;
    }
    pending = buffer.subarray(start);
    pendingOffset += start;
  }
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    yield* linesOf(pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]), false);
  }
  yield* linesOf(pending, true);
}

/** The JSON object of the line that starts at `offset` of the open file `fd` (read up to its newline). */
export function readLineAt(fd: number, offset: number): Record<string, unknown> {
  const chunks: Buffer[] = [];
  let position = offset;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    const read = readSync(fd, chunk, 0, chunk.length, position);
    if (read === 0) break;
    const newline = chunk.subarray(0, read).indexOf(0x0a);
    chunks.push(chunk.subarray(0, newline >= 0 ? newline : read));
    if (newline >= 0) break;
    position += read;
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}
