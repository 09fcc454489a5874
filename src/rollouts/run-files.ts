// The files of one run, all derived from output_jsonl_fpath, and crash-safe line appending.
import { explainFileError } from '../file-errors.ts';
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

export interface RunFiles {
  rollouts: string;
  materialized: string;
  failures: string;
  metrics: string;
  manifest: string;
  /** `<output stem>`, e.g. results/run1 for results/run1.jsonl. */
  stem: string;
}

/** Sibling artifacts of a rollouts file, named as NeMo Gym names them (plus our run manifest). */
export function runFilesFor(outputPath: string): RunFiles {
  const stem = outputPath.replace(/\.jsonl$/, '');
  return {
    rollouts: outputPath,
    materialized: `${stem}_materialized_inputs.jsonl`,
    failures: `${stem}_failures.jsonl`,
    metrics: `${stem}_aggregate_metrics.json`,
    manifest: `${stem}_run_manifest.json`,
    stem,
  };
}

/** Cut a torn last line (a write interrupted by a crash) so the file ends at its last newline. */
export function repairTornLine(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const read = readSync(fd, chunk, 0, end - start, start);
      const newline = chunk.subarray(0, read).lastIndexOf(0x0a);
      if (newline >= 0) {
        const keep = start + newline + 1;
        if (keep === size) return false;
        ftruncateSync(fd, keep);
        return true;
      }
      end = start;
    }
    if (size === 0) return false;
    ftruncateSync(fd, 0);
    return true;
  } finally {
    closeSync(fd);
  }
}

/** Write all of `text`: a short write (a filling disk) is continued, not dropped; a failure names `path`. */
export function writeAllSync(fd: number, text: string, path: string): void {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    throw explainFileError(error, { path, action: 'write to' });
  }
}

/** Pending text at which a batching appender writes at once rather than at the end of the event-loop turn. */
const BATCH_FLUSH_CHARS = 1 << 20;

export interface JsonlAppenderOptions {
  /** Start from an empty file. */
  truncate?: boolean;
  /** What to do after a failed write, for its error message. */
  then?: string;
  /**
   * Write the lines appended during one event-loop turn together (one write system call for the answers a
   * collector reads at one wake-up, instead of one per line), at the end of the turn, at 1 MiB pending, on close and
   * on process exit. A failed write then reaches `onFailure` rather than the caller of appendLine, which throws only
   * from the next call on. A kill loses at most the lines of the turn it interrupts, which a resume runs again.
   */
  batchWrites?: { onFailure(error: unknown): void };
}

/**
 * Appends whole JSON lines, so a kill can tear at most the last line; a failed write (a full disk) is cut back to the
 * last whole line and every later append fails the same way, so the file stays resumable.
 */
export class JsonlAppender {
  readonly #fd: number;
  readonly #path: string;
  readonly #then: string | undefined;
  readonly #onBatchFailure: ((error: unknown) => void) | undefined;
  #size: number;
  #failure: unknown;
  #pending: string[] = [];
  #pendingChars = 0;
  #flushScheduled = false;
  #closed = false;

  constructor(path: string, options: JsonlAppenderOptions = {}) {
    this.#path = path;
    this.#then = options.then;
    this.#onBatchFailure = options.batchWrites?.onFailure;
    try {
      this.#fd = openSync(path, options.truncate ? 'w' : 'a');
      this.#size = fstatSync(this.#fd).size;
    } catch (error) {
      throw explainFileError(error, { path, action: 'open for writing', then: options.then });
    }
    if (this.#onBatchFailure) process.on('exit', this.#flushPending);
  }

  append(value: unknown): void {
    this.appendLine(JSON.stringify(value));
  }

  /** Appends `line`, JSON text on one line (no newline in it), as it is. */
  appendLine(line: string): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#onBatchFailure === undefined) {
      this.#write(`${line}\n`);
      return;
    }
    this.#pending.push(line);
    this.#pendingChars += line.length + 1;
    if (this.#pendingChars >= BATCH_FLUSH_CHARS) this.#flushBatch();
    else if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(this.#flushPending);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    process.off('exit', this.#flushPending);
    try {
      this.#flushBatch();
    } finally {
      closeSync(this.#fd);
    }
  }

  // At the end of the turn, and on process exit: process.exit (a third Ctrl-C) skips the end of the turn, but the exit
  // event still runs synchronous writes.
  readonly #flushPending = (): void => {
    this.#flushScheduled = false;
    if (!this.#closed) this.#flushBatch();
  };

  /** Writes the pending lines; a failure goes to onFailure (the lines are dropped: a resume runs their rollouts again). */
  #flushBatch(): void {
    if (this.#pending.length === 0 || this.#failure !== undefined) return;
    const text = `${this.#pending.join('\n')}\n`;
    this.#pending = [];
    this.#pendingChars = 0;
    try {
      this.#write(text);
    } catch (error) {
      this.#onBatchFailure!(error);
    }
  }

  #write(text: string): void {
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(this.#fd, bytes, written, bytes.length - written);
      this.#size += bytes.length;
    } catch (error) {
      if (written > 0) {
        try {
          ftruncateSync(this.#fd, this.#size);
        } catch {
          // The next run's repairTornLine cuts the partial line instead.
        }
      }
      this.#failure = explainFileError(error, { path: this.#path, action: 'write to', then: this.#then });
      throw this.#failure;
    }
  }
}
