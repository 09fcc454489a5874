// An environment's `/aggregate_metrics` answer kept as it arrived (raw bytes, in memory up to a limit, then in a
// spill file) with where each `group_level_metrics` entry is, so each group is written to the metrics file from
// those bytes token by token: a group of any size (200,000 rollout_infos) never exists as an object here.
import { Tokenizer, TokenType } from '@streamparser/json';
import { ByteReader, ByteWriter } from './byte-codec.ts';
import type { StreamedJson } from '../rollouts/json-stream.ts';
import { indentedJson } from '../rollouts/json-stream.ts';
import { KeyAnomalies, PrettyJsonWriter, TokenFrames, type Frame } from './pretty-json-tokens.ts';
import { SpillBuffer, type SpillDir } from './spill-dir.ts';

const READ_CHUNK = 64 * 1024;
const FLUSH_CHARS = 64 * 1024;
/** Bytes per group in the ranges buffer: start, end (doubles), key anomaly (byte). */
const RANGE_BYTES = 17;

export interface ParsedToken {
  token: TokenType;
  value: unknown;
  offset: number;
}

export class AnswerSpool {
  readonly #raw: SpillBuffer;
  readonly #ranges: SpillBuffer;
  readonly #frames = new TokenFrames();
  /** The key being read at the top level of the answer. */
  #topKey: unknown;
  #groupsFrame: Frame | undefined;
  #group: { frame: Frame; start: number; anomalies: KeyAnomalies } | undefined;
  #groups = 0;

  constructor(spill: SpillDir) {
    this.#raw = new SpillBuffer(spill, 'answer.json');
    this.#ranges = new SpillBuffer(spill, 'groups.bin');
  }

  get groupCount(): number {
    return this.#groups;
  }

  /** The answer's bytes, in the order they arrive (before their tokens are given to `token`). */
  append(chunk: Uint8Array): void {
    this.#raw.append(chunk);
  }

  /** Follow one token of the answer; returns what is wrong with `group_level_metrics`, if anything. */
  token({ token, value, offset }: ParsedToken): string | undefined {
    const step = this.#frames.step(token);
    if (step.kind === 'punctuation') return undefined;
    this.#group?.anomalies.token(token, value, step);
    if (step.kind === 'key' && step.depth === 1) this.#topKey = value;
    else if (step.kind === 'value' && step.depth === 1 && this.#topKey === 'group_level_metrics' && step.opened !== undefined) this.#groupsFrame = step.opened;
    else if (step.kind === 'key' && step.frame === this.#groupsFrame) return '`group_level_metrics` is not a list';
    else if (step.kind === 'value' && step.frame !== undefined && step.frame === this.#groupsFrame) {
      if (token !== TokenType.LEFT_BRACE) return `group_level_metrics[${step.frame.members - 1}] is not an object`;
      this.#group = { frame: step.opened!, start: offset, anomalies: new KeyAnomalies() };
      this.#group.anomalies.token(token, value, step);
    } else if (step.kind === 'close' && step.frame === this.#group?.frame) {
      const range = new ByteWriter(RANGE_BYTES);
      range.f64(this.#group.start);
      range.f64(offset + 1);
      range.u8(this.#group.anomalies.found ? 1 : 0);
      this.#ranges.append(range.bytes());
      this.#group = undefined;
      this.#groups++;
    }
    return undefined;
  }

  /** Each group, written as `indentedJson(group, indent)` would write the parsed group. */
  *groups(): Generator<StreamedJson> {
    const entry = Buffer.alloc(RANGE_BYTES);
    for (let i = 0; i < this.#groups; i++) {
      this.#ranges.read(entry, 0, RANGE_BYTES, i * RANGE_BYTES);
      const reader = new ByteReader(entry);
      const start = reader.f64();
      const end = reader.f64();
      const anomalous = reader.u8() === 1;
      yield { writeJson: (write, indent) => (anomalous ? write(indentedJson(JSON.parse(this.#text(start, end)), indent)) : this.#reemit(start, end, write, indent)) };
    }
  }

  dispose(): void {
    this.#raw.dispose();
    this.#ranges.dispose();
  }

  #text(start: number, end: number): string {
    const bytes = Buffer.alloc(end - start);
    this.#raw.read(bytes, 0, bytes.length, start);
    return bytes.toString('utf8');
  }

  #reemit(start: number, end: number, write: (text: string) => void, indent: number): void {
    let text = '';
    const pretty = new PrettyJsonWriter((piece) => {
      text += piece;
      if (text.length >= FLUSH_CHARS) {
        write(text);
        text = '';
      }
    }, `\n${' '.repeat(indent)}`);
    const tokenizer = new Tokenizer();
    tokenizer.onToken = ({ token, value }) => pretty.token(token, value);
    const chunk = Buffer.alloc(READ_CHUNK);
    for (let position = start; position < end; ) {
      const read = this.#raw.read(chunk, 0, Math.min(chunk.length, end - position), position);
      tokenizer.write(chunk.subarray(0, read));
      position += read;
    }
    write(text);
  }
}
