// External merge sort of binary records by numeric keys, with memory bounded whatever the number of records.
//
// A record's encoding starts with its sort keys (`keyCount` doubles, compared numerically in turn); equal keys
// keep the order the records were added in (a stable sort). Records are held encoded, up to `memoryBytes`; past
// that each batch is sorted and written to a run file, and the runs are merged (at most FAN_IN at a time) into
// one sorted file. A sort that never fills its memory never creates a file.
import { ByteReader, ByteWriter, type RecordCodec } from './byte-codec.ts';
import type { SpillDir, SpillFile } from './spill-dir.ts';

const READ_CHUNK = 32 * 1024;
/** Runs merged at once: FAN_IN read buffers of READ_CHUNK are the merge's memory. */
const FAN_IN = 32;

export interface SortOptions<T> {
  codec: RecordCodec<T>;
  /** How many leading doubles of each record are its sort key. */
  keyCount: number;
  spill: SpillDir;
  /** What the temp files are called (for whoever looks at the directory). */
  name: string;
  /** Encoded bytes held in memory before a batch is written out. @default spill.limits.sortBytes */
  memoryBytes?: number;
}

/** Records in sorted order, read again as often as wanted from any position a cursor reported. */
export interface SortedRecords<T> {
  readonly count: number;
  /** A cursor at `position` (0: the first record; else a cursor's `position`). */
  cursor(position?: number): RecordCursor<T>;
  /** Remove the temp file, if any. */
  dispose(): void;
}

export interface RecordCursor<T> {
  /** Where the record that `next()` returns next is (to come back to it with `cursor(position)`). */
  readonly position: number;
  next(): T | undefined;
}

function compareKeys(a: Float64Array, aAt: number, b: Float64Array, bAt: number, count: number): number {
  for (let i = 0; i < count; i++) {
    const x = a[aAt + i]!;
    const y = b[bAt + i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export class ExternalSorter<T> {
  readonly #options: SortOptions<T>;
  readonly #memoryBytes: number;
  readonly #encoded = new ByteWriter(64 * 1024);
  #starts = new Float64Array(1024);
  #keys: Float64Array;
  #count = 0;
  #total = 0;
  readonly #runs: SpillFile[] = [];
  #finished = false;

  constructor(options: SortOptions<T>) {
    this.#options = options;
    this.#memoryBytes = options.memoryBytes ?? options.spill.limits.sortBytes;
    this.#keys = new Float64Array(1024 * options.keyCount);
  }

  add(record: T): void {
    if (this.#finished) throw new Error('ExternalSorter.add after finish');
    const { keyCount } = this.#options;
    if (this.#count === this.#starts.length) {
      const starts = new Float64Array(this.#starts.length * 2);
      starts.set(this.#starts);
      this.#starts = starts;
      const keys = new Float64Array(this.#keys.length * 2);
      keys.set(this.#keys);
      this.#keys = keys;
    }
    const start = this.#encoded.length;
    this.#encoded.u32(0);
    this.#options.codec.write(record, this.#encoded);
    this.#encoded.patchU32(start, this.#encoded.length - start - 4);
    const bytes = this.#encoded.bytes();
    for (let k = 0; k < keyCount; k++) this.#keys[this.#count * keyCount + k] = bytes.readDoubleLE(start + 4 + 8 * k);
    this.#starts[this.#count++] = start;
    this.#total++;
    if (this.#encoded.length >= this.#memoryBytes) this.#writeRun();
  }

  /** The records in order; the sorter cannot take more records afterwards. */
  finish(): SortedRecords<T> {
    this.#finished = true;
    if (this.#runs.length === 0) return new MemoryRecords(this.#options.codec, this.#encoded.bytes(), this.#starts, this.#sortedOrder(), this.#total);
    this.#writeRun();
    let runs = this.#runs;
    while (runs.length > 1) {
      const next: SpillFile[] = [];
      for (let i = 0; i < runs.length; i += FAN_IN) next.push(this.#merge(runs.slice(i, i + FAN_IN)));
      runs = next;
    }
    return new FileRecords(this.#options.codec, runs[0]!, this.#total);
  }

  /** Indices of the buffered records in key order (ties: the order they were added in). */
  #sortedOrder(): Uint32Array {
    const { keyCount } = this.#options;
    const keys = this.#keys;
    const order = new Uint32Array(this.#count);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => compareKeys(keys, a * keyCount, keys, b * keyCount, keyCount) || a - b);
    return order;
  }

  #writeRun(): void {
    if (this.#count === 0) return;
    const run = this.#options.spill.file(`${this.#options.name}.run`);
    const bytes = this.#encoded.bytes();
    const out = new ByteWriter(READ_CHUNK * 2);
    for (const i of this.#sortedOrder()) {
      const start = this.#starts[i]!;
      const end = start + 4 + bytes.readUInt32LE(start);
      out.append(bytes.subarray(start, end));
      if (out.length >= READ_CHUNK) {
        run.append(out.bytes());
        out.reset();
      }
    }
    run.append(out.bytes());
    this.#runs.push(run);
    this.#encoded.reset();
    this.#count = 0;
  }

  /** Merge sorted runs into one (ties: the earlier run first, so the sort stays stable). */
  #merge(runs: SpillFile[]): SpillFile {
    if (runs.length === 1) return runs[0]!;
    const { keyCount } = this.#options;
    const merged = this.#options.spill.file(`${this.#options.name}.merged`);
    const readers = runs.map((run) => new FramedReader(run));
    const heads = new Float64Array(runs.length * keyCount);
    // A binary heap of reader indices, smallest head first.
    const heap: number[] = [];
    const less = (a: number, b: number): boolean => {
      const order = compareKeys(heads, a * keyCount, heads, b * keyCount, keyCount);
      return order < 0 || (order === 0 && a < b);
    };
    const load = (r: number): boolean => {
      const frame = readers[r]!.peek();
      if (frame === undefined) return false;
      for (let k = 0; k < keyCount; k++) heads[r * keyCount + k] = frame.readDoubleLE(4 + 8 * k);
      return true;
    };
    const siftDown = (at: number): void => {
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let smallest = at;
        if (left < heap.length && less(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && less(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === at) return;
        [heap[at], heap[smallest]] = [heap[smallest]!, heap[at]!];
        at = smallest;
      }
    };
    for (let r = 0; r < readers.length; r++) if (load(r)) heap.push(r);
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
    const out = new ByteWriter(READ_CHUNK * 2);
    while (heap.length > 0) {
      const r = heap[0]!;
      out.append(readers[r]!.take());
      if (out.length >= READ_CHUNK) {
        merged.append(out.bytes());
        out.reset();
      }
      if (load(r)) siftDown(0);
      else {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
        siftDown(0);
      }
    }
    merged.append(out.bytes());
    for (const run of runs) run.remove();
    return merged;
  }
}

/** Frames (`u32 length` + payload) read one after another from a spill file, from a byte position. */
class FramedReader {
  readonly #file: SpillFile;
  #buffer = Buffer.allocUnsafe(READ_CHUNK);
  /** File position of #buffer[0], and the valid bytes in #buffer. */
  #bufferAt: number;
  #filled = 0;
  #at = 0;

  constructor(file: SpillFile, position = 0) {
    this.#file = file;
    this.#bufferAt = position;
  }

  /** File position of the next frame. */
  get position(): number {
    return this.#bufferAt + this.#at;
  }

  /** The next frame (length prefix included) without consuming it; a view valid until the next call. */
  peek(): Buffer | undefined {
    if (!this.#ensure(4)) return undefined;
    const length = this.#buffer.readUInt32LE(this.#at);
    this.#ensure(4 + length);
    return this.#buffer.subarray(this.#at, this.#at + 4 + length);
  }

  take(): Buffer {
    const frame = this.peek()!;
    this.#at += frame.length;
    return frame;
  }

  /** Make `bytes` bytes from #at available; false at the end of the file. */
  #ensure(bytes: number): boolean {
    if (this.#filled - this.#at >= bytes) return true;
    const kept = this.#filled - this.#at;
    if (this.#buffer.length < bytes) {
      const grown = Buffer.allocUnsafe(Math.max(bytes, this.#buffer.length * 2));
      this.#buffer.copy(grown, 0, this.#at, this.#filled);
      this.#buffer = grown;
    } else this.#buffer.copyWithin(0, this.#at, this.#filled);
    this.#bufferAt += this.#at;
    this.#at = 0;
    this.#filled = kept;
    while (this.#filled < this.#buffer.length) {
      const read = this.#file.read(this.#buffer, this.#filled, this.#buffer.length - this.#filled, this.#bufferAt + this.#filled);
      if (read === 0) break;
      this.#filled += read;
    }
    if (this.#filled >= bytes) return true;
    if (this.#filled === 0) return false;
    throw new Error(`spill file ${this.#file.path} ends inside a record`);
  }
}

class MemoryRecords<T> implements SortedRecords<T> {
  readonly count: number;
  readonly #codec: RecordCodec<T>;
  readonly #bytes: Buffer;
  readonly #starts: Float64Array;
  readonly #order: Uint32Array;

  constructor(codec: RecordCodec<T>, bytes: Buffer, starts: Float64Array, order: Uint32Array, count: number) {
    this.#codec = codec;
    this.#bytes = bytes;
    this.#starts = starts;
    this.#order = order;
    this.count = count;
  }

  cursor(position = 0): RecordCursor<T> {
    let at = position;
    const records = this;
    return {
      get position() {
        return at;
      },
      next() {
        if (at >= records.#order.length) return undefined;
        return records.#codec.read(new ByteReader(records.#bytes, records.#starts[records.#order[at++]!]! + 4));
      },
    };
  }

  dispose(): void {}
}

class FileRecords<T> implements SortedRecords<T> {
  readonly count: number;
  readonly #codec: RecordCodec<T>;
  readonly #file: SpillFile;

  constructor(codec: RecordCodec<T>, file: SpillFile, count: number) {
    this.#codec = codec;
    this.#file = file;
    this.count = count;
  }

  cursor(position = 0): RecordCursor<T> {
    const reader = new FramedReader(this.#file, position);
    const codec = this.#codec;
    return {
      get position() {
        return reader.position;
      },
      next() {
        const frame = reader.peek();
        if (frame === undefined) return undefined;
        const record = codec.read(new ByteReader(frame, 4));
        reader.take();
        return record;
      },
    };
  }

  dispose(): void {
    this.#file.remove();
  }
}
