// Temp files for work that does not fit in memory (a small run never touches the disk). Each file is removed
// from its directory as soon as it is open (it lives on through its descriptor), so nothing is left behind,
// whatever way the process ends; its space is freed when it is closed. Bytes are counted for the memory report.
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';

let currentBytes = 0;
let peakBytes = 0;
let filesCreated = 0;

/** The most bytes this process ever had in spill files at once. */
export function peakSpillBytes(): number {
  return peakBytes;
}

/** How many spill files this process created (a small run creates none). */
export function spillFilesCreated(): number {
  return filesCreated;
}

function account(bytes: number): void {
  currentBytes += bytes;
  if (currentBytes > peakBytes) peakBytes = currentBytes;
}

/** How much each kind of spilling work keeps in memory before it writes to disk. */
export interface SpillLimits {
  /** Encoded records an external sort holds. */
  sortBytes: number;
  /** Numbers a column keeps for its median. */
  values: number;
  /** Bytes of a spooled answer. */
  bufferBytes: number;
}

export const DEFAULT_SPILL_LIMITS: SpillLimits = { sortBytes: 1 << 20, values: 8 * 1024, bufferBytes: 1 << 20 };

/** Where one piece of work spills: temp files named `<prefix><pid>-<n>-<name>`, e.g. beside its output. */
export class SpillDir {
  /** What the work keeps in memory before it spills (tests make it tiny to spill small inputs). */
  readonly limits: SpillLimits;
  readonly #prefix: string;
  #files = 0;
  readonly #live = new Set<SpillFile>();

  /** `prefix` is a path prefix in an existing directory, e.g. `results/run_aggregate_metrics.json.spill-`. */
  constructor(prefix: string, limits: Partial<SpillLimits> = {}) {
    this.#prefix = prefix;
    this.limits = { ...DEFAULT_SPILL_LIMITS, ...limits };
  }

  /** A new empty temp file. */
  file(name: string): SpillFile {
    filesCreated++;
    const file = new SpillFile(`${this.#prefix}${process.pid}-${this.#files++}-${name}`, () => this.#live.delete(file));
    this.#live.add(file);
    return file;
  }

  /** Whether any file was ever created (tests: a small run stays in memory). */
  get used(): boolean {
    return this.#files > 0;
  }

  /** Close (and so free) every file still open. */
  dispose(): void {
    for (const file of [...this.#live]) file.remove();
  }
}

/** An append-then-read temp file, open until removed (its name is gone from the start). */
export class SpillFile {
  readonly path: string;
  #fd: number | undefined;
  #size = 0;
  readonly #onRemove: () => void;

  constructor(path: string, onRemove: () => void) {
    this.path = path;
    this.#onRemove = onRemove;
    this.#fd = openSync(path, 'wx+');
    unlinkSync(path);
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
    account(-this.#size);
    this.#size = 0;
  }

  #open(): number {
    if (this.#fd === undefined) throw new Error(`spill file ${this.path} was already removed`);
    return this.#fd;
  }
}

/** Bytes appended then read by position: in memory up to `memoryBytes`, in a spill file past that. */
export class SpillBuffer {
  readonly #spill: SpillDir;
  readonly #name: string;
  readonly #memoryBytes: number;
  #memory: Buffer | undefined = Buffer.allocUnsafe(4096);
  #size = 0;
  #file: SpillFile | undefined;

  constructor(spill: SpillDir, name: string) {
    this.#spill = spill;
    this.#name = name;
    this.#memoryBytes = spill.limits.bufferBytes;
  }

  get size(): number {
    return this.#size;
  }

  append(bytes: Uint8Array): void {
    if (this.#file === undefined && this.#size + bytes.length > this.#memoryBytes) {
      this.#file = this.#spill.file(this.#name);
      this.#file.append(this.#memory!.subarray(0, this.#size));
      this.#memory = undefined;
    }
    if (this.#file !== undefined) this.#file.append(bytes);
    else {
      if (this.#size + bytes.length > this.#memory!.length) {
        const grown = Buffer.allocUnsafe(Math.min(this.#memoryBytes, Math.max(this.#size + bytes.length, this.#memory!.length * 2)));
        this.#memory!.copy(grown, 0, 0, this.#size);
        this.#memory = grown;
      }
      this.#memory!.set(bytes, this.#size);
    }
    this.#size += bytes.length;
  }

  /** Read up to `length` bytes at `position` into `buffer` at `offset`; returns the bytes read. */
  read(buffer: Uint8Array, offset: number, length: number, position: number): number {
    if (this.#file !== undefined) return this.#file.read(buffer, offset, length, position);
    const end = Math.min(this.#size, position + length);
    if (end <= position) return 0;
    buffer.set(this.#memory!.subarray(position, end), offset);
    return end - position;
  }

  dispose(): void {
    this.#file?.remove();
    this.#file = undefined;
    this.#memory = Buffer.allocUnsafe(0);
    this.#size = 0;
  }
}
