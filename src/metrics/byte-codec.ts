// Compact binary records for spill files: little-endian numbers and length-prefixed UTF-8 strings.

/** A growable byte buffer that records are encoded into. */
export class ByteWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(initialBytes = 4096) {
    this.#buffer = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.#length;
  }

  /** The bytes written so far (a view, valid until the next write or reset). */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  reset(): void {
    this.#length = 0;
  }

  #room(bytes: number): number {
    const at = this.#length;
    if (at + bytes > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(at + bytes, this.#buffer.length * 2));
      this.#buffer.copy(grown, 0, 0, at);
      this.#buffer = grown;
    }
    this.#length += bytes;
    return at;
  }

  /** Raw bytes (a record already encoded). */
  append(bytes: Uint8Array): void {
    const at = this.#room(bytes.length);
    this.#buffer.set(bytes, at);
  }

  // `#room` may replace the buffer: it is called before the buffer is read.
  u8(value: number): void {
    const at = this.#room(1);
    this.#buffer[at] = value;
  }

  u32(value: number): void {
    const at = this.#room(4);
    this.#buffer.writeUInt32LE(value, at);
  }

  f64(value: number): void {
    const at = this.#room(8);
    this.#buffer.writeDoubleLE(value, at);
  }

  string(value: string): void {
    const bytes = Buffer.byteLength(value);
    this.u32(bytes);
    const at = this.#room(bytes);
    this.#buffer.write(value, at, 'utf8');
  }

  /** Overwrite 4 bytes at `offset` (a length written before its payload). */
  patchU32(offset: number, value: number): void {
    this.#buffer.writeUInt32LE(value, offset);
  }
}

/** Reads what a ByteWriter wrote, from a buffer slice. */
export class ByteReader {
  #buffer: Buffer;
  #at: number;

  constructor(buffer: Buffer, start = 0) {
    this.#buffer = buffer;
    this.#at = start;
  }

  u8(): number {
    return this.#buffer[this.#at++]!;
  }

  u32(): number {
    const value = this.#buffer.readUInt32LE(this.#at);
    this.#at += 4;
    return value;
  }

  f64(): number {
    const value = this.#buffer.readDoubleLE(this.#at);
    this.#at += 8;
    return value;
  }

  string(): string {
    const bytes = this.u32();
    const value = this.#buffer.toString('utf8', this.#at, this.#at + bytes);
    this.#at += bytes;
    return value;
  }
}

/** How one kind of record is written to and read from a spill file. */
export interface RecordCodec<T> {
  write(record: T, out: ByteWriter): void;
  read(input: ByteReader): T;
}

/** The codec of records whose fields are all numbers: doubles in the order of `fields` (the sort key first). */
export function numbersCodec<Field extends string>(fields: readonly Field[]): RecordCodec<Record<Field, number>> {
  return {
    write(record, out) {
      for (const field of fields) out.f64(record[field]);
    },
    read(input) {
      const record = {} as Record<Field, number>;
      for (const field of fields) record[field] = input.f64();
      return record;
    },
  };
}
