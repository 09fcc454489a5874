// Numbers of one column kept exactly with flat memory: in memory up to a limit, then spilled to a temp file,
// where the median is found by radix selection (four 16-bit passes over the file), never by loading it.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';

const CHUNK_VALUES = 64 * 1024;

/** Order-preserving 64-bit key of a double, as two unsigned halves (negatives flipped, positives get the sign bit). */
function keyHalves(view: DataView, offset: number): [number, number] {
  let hi = view.getUint32(offset + 4, true);
  let lo = view.getUint32(offset, true);
  if (hi & 0x80000000) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  } else hi = (hi | 0x80000000) >>> 0;
  return [hi, lo];
}

function valueOfKey(hi: number, lo: number): number {
  const view = new DataView(new ArrayBuffer(8));
  if (hi & 0x80000000) {
    view.setUint32(4, (hi & 0x7fffffff) >>> 0, true);
    view.setUint32(0, lo, true);
  } else {
    view.setUint32(4, ~hi >>> 0, true);
    view.setUint32(0, ~lo >>> 0, true);
  }
  return view.getFloat64(0, true);
}

/** The 16-bit digit `d` (0 = most significant) of a key. */
function digitOf(hi: number, lo: number, d: number): number {
  return d === 0 ? hi >>> 16 : d === 1 ? hi & 0xffff : d === 2 ? lo >>> 16 : lo & 0xffff;
}

export class SpilledValues {
  readonly #path: string;
  readonly #memoryLimit: number;
  #buffer: Float64Array;
  #buffered = 0;
  #spilled = 0;

  /** `path` is created on the first spill; `memoryLimit` numbers stay in memory before that. */
  constructor(path: string, memoryLimit = CHUNK_VALUES) {
    this.#path = path;
    this.#memoryLimit = Math.max(1, memoryLimit);
    this.#buffer = new Float64Array(Math.min(this.#memoryLimit, 1024));
  }

  get count(): number {
    return this.#spilled + this.#buffered;
  }

  add(value: number): void {
    if (this.#buffered === this.#buffer.length) {
      if (this.#buffer.length < this.#memoryLimit) {
        const grown = new Float64Array(Math.min(this.#memoryLimit, this.#buffer.length * 2));
        grown.set(this.#buffer);
        this.#buffer = grown;
      } else this.#flush();
    }
    this.#buffer[this.#buffered++] = value;
  }

  #flush(): void {
    if (this.#buffered === 0) return;
    const fd = openSync(this.#path, 'a');
    try {
      writeSync(fd, new Uint8Array(this.#buffer.buffer, 0, this.#buffered * 8));
    } finally {
      closeSync(fd);
    }
    this.#spilled += this.#buffered;
    this.#buffered = 0;
  }

  /** The median (mean of the two middle values for an even count); NaN when empty. */
  median(): number {
    const count = this.count;
    if (count === 0) return Number.NaN;
    const lowRank = (count - 1) >> 1;
    const highRank = count >> 1;
    if (this.#spilled === 0) {
      const sorted = this.#buffer.slice(0, this.#buffered).sort();
      return (sorted[lowRank]! + sorted[highRank]!) / 2;
    }
    this.#flush();
    const low = this.#select(lowRank);
    return lowRank === highRank ? low : (low + this.#select(highRank)) / 2;
  }

  /** The value of rank `rank` (0-based) among the spilled values: one pass per 16-bit digit. */
  #select(rank: number): number {
    const fd = openSync(this.#path, 'r');
    const chunk = Buffer.alloc(CHUNK_VALUES * 8);
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const digits: number[] = [];
    let remaining = rank;
    try {
      for (let d = 0; d < 4; d++) {
        const histogram = new Float64Array(65536);
        let position = 0;
        for (;;) {
          const read = readSync(fd, chunk, 0, chunk.length, position);
          if (read === 0) break;
          position += read;
          for (let offset = 0; offset + 8 <= read; offset += 8) {
            const [hi, lo] = keyHalves(view, offset);
            let prefixMatches = true;
            for (let p = 0; p < d && prefixMatches; p++) prefixMatches = digitOf(hi, lo, p) === digits[p];
            if (prefixMatches) histogram[digitOf(hi, lo, d)]!++;
          }
        }
        let digit = 0;
        while (remaining >= histogram[digit]!) remaining -= histogram[digit++]!;
        digits.push(digit);
      }
    } finally {
      closeSync(fd);
    }
    return valueOfKey(((digits[0]! << 16) | digits[1]!) >>> 0, ((digits[2]! << 16) | digits[3]!) >>> 0);
  }

  dispose(): void {
    rmSync(this.#path, { force: true });
  }
}
