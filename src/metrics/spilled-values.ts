// Numbers of one column kept exactly with flat memory: in memory up to a limit, then spilled to a temp file,
// where the median is found by radix selection (four 16-bit passes over the file), never by loading it.
import type { SpillDir, SpillFile } from './spill-dir.ts';

const CHUNK_VALUES = 8 * 1024;

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
  readonly #spill: SpillDir;
  readonly #memoryLimit: number;
  #file: SpillFile | undefined;
  #buffer: Float64Array;
  #buffered = 0;
  #spilled = 0;

  /** Values past `memoryLimit` go to a file in `spill` (created then; removed by reset() or dispose()). */
  constructor(spill: SpillDir, memoryLimit = spill.limits.values) {
    this.#spill = spill;
    this.#memoryLimit = Math.max(1, memoryLimit);
    this.#buffer = new Float64Array(Math.min(this.#memoryLimit, 16));
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
    this.#file ??= this.#spill.file('values.f64');
    this.#file.append(new Uint8Array(this.#buffer.buffer, 0, this.#buffered * 8));
    this.#spilled += this.#buffered;
    this.#buffered = 0;
  }

  /** Every value in the order added. */
  forEach(visit: (value: number) => void): void {
    if (this.#file !== undefined) {
      const chunk = Buffer.alloc(CHUNK_VALUES * 8);
      const values = new Float64Array(chunk.buffer, chunk.byteOffset, CHUNK_VALUES);
      for (let position = 0; position < this.#spilled * 8; ) {
        const read = this.#file.read(chunk, 0, chunk.length, position);
        for (let i = 0; i < read >> 3; i++) visit(values[i]!);
        position += read;
      }
    }
    for (let i = 0; i < this.#buffered; i++) visit(this.#buffer[i]!);
  }

  /** The median (mean of the two middle values for an even count); NaN when empty. */
  median(): number {
    const count = this.count;
    if (count === 0) return Number.NaN;
    const lowRank = (count - 1) >> 1;
    const highRank = count >> 1;
    let low: number;
    let high: number;
    if (this.#spilled === 0) {
      const sorted = this.#buffer.slice(0, this.#buffered).sort();
      [low, high] = [sorted[lowRank]!, sorted[highRank]!];
    } else {
      this.#flush();
      [low, high] = this.#select(lowRank, highRank);
    }
    return lowRank === highRank ? low : (low + high) / 2;
  }

  /** The values of ranks `a` and `b` (0-based) among the spilled values: one pass per 16-bit digit. */
  #select(a: number, b: number): [number, number] {
    const file = this.#file!;
    const chunk = Buffer.alloc(CHUNK_VALUES * 8);
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const ranks = [a, b];
    const digits: number[][] = [[], []];
    const histograms = [new Float64Array(65536), new Float64Array(65536)];
    for (let d = 0; d < 4; d++) {
      histograms[0]!.fill(0);
      histograms[1]!.fill(0);
      for (let position = 0; position < this.#spilled * 8; ) {
        const read = file.read(chunk, 0, chunk.length, position);
        position += read;
        for (let offset = 0; offset + 8 <= read; offset += 8) {
          const [hi, lo] = keyHalves(view, offset);
          for (let r = 0; r < 2; r++) {
            let prefixMatches = true;
            for (let p = 0; p < d && prefixMatches; p++) prefixMatches = digitOf(hi, lo, p) === digits[r]![p];
            if (prefixMatches) histograms[r]![digitOf(hi, lo, d)]!++;
          }
        }
      }
      for (let r = 0; r < 2; r++) {
        const histogram = histograms[r]!;
        let digit = 0;
        let rank = ranks[r]!;
        while (rank >= histogram[digit]!) rank -= histogram[digit++]!;
        ranks[r] = rank;
        digits[r]!.push(digit);
      }
    }
    const valueOf = (r: number): number => valueOfKey(((digits[r]![0]! << 16) | digits[r]![1]!) >>> 0, ((digits[r]![2]! << 16) | digits[r]![3]!) >>> 0);
    return [valueOf(0), valueOf(1)];
  }

  /** Empty again (the file, if any, removed). */
  reset(): void {
    this.#file?.remove();
    this.#file = undefined;
    this.#buffered = 0;
    this.#spilled = 0;
  }

  dispose(): void {
    this.reset();
  }
}
