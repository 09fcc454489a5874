// Temp files for work that does not fit in memory: one directory, created on the first file (a small run never
// touches the disk), removed with everything in it by dispose(). Bytes on disk are counted for the memory report.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

let currentBytes = 0;
let peakBytes = 0;

/** The most bytes this process ever had in spill files at once. */
export function peakSpillBytes(): number {
  return peakBytes;
}

function account(bytes: number): void {
  currentBytes += bytes;
  if (currentBytes > peakBytes) peakBytes = currentBytes;
}

export class SpillDir {
  readonly #prefix: string;
  #path: string | undefined;
  #files = 0;
  readonly #live = new Set<SpillFile>();

  /** The directory will be `<prefix>XXXXXX` (mkdtemp), e.g. `results/run_aggregate_metrics.json.spill-`. */
  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  /** A new empty file in the directory. */
  file(name: string): SpillFile {
    this.#path ??= mkdtempSync(this.#prefix);
    const file = new SpillFile(join(this.#path, `${this.#files++}-${name}`), () => this.#live.delete(file));
    this.#live.add(file);
    return file;
  }

  /** Whether any file was ever created (tests: a small run stays in memory). */
  get used(): boolean {
    return this.#path !== undefined;
  }

  dispose(): void {
    for (const file of [...this.#live]) file.remove();
    if (this.#path !== undefined) rmSync(this.#path, { recursive: true, force: true });
    this.#path = undefined;
  }
}

/** An append-then-read temp file, open until removed. */
export class SpillFile {
  readonly path: string;
  #fd: number | undefined;
  #size = 0;
  readonly #onRemove: () => void;

  constructor(path: string, onRemove: () => void) {
    this.path = path;
    this.#onRemove = onRemove;
    this.#fd = openSync(path, 'w+');
  }

  get size(): number {
    return this.#size;
  }

  append(bytes: Uint8Array): void {
    let written = 0;
    while (written < bytes.length) written += writeSync(this.#open(), bytes, written, bytes.length - written, this.#size + written);
    this.#size += bytes.length;
    account(bytes.length);
  }

  /** Read up to `length` bytes at `position` into `buffer` at `offset`; returns the bytes read. */
  read(buffer: Uint8Array, offset: number, length: number, position: number): number {
    return readSync(this.#open(), buffer, offset, length, position);
  }

  remove(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    this.#onRemove();
    rmSync(this.path, { force: true });
    account(-this.#size);
    this.#size = 0;
  }

  #open(): number {
    if (this.#fd === undefined) throw new Error(`spill file ${this.path} was already removed`);
    return this.#fd;
  }
}
