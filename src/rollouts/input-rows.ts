// What an input row must be before any rollout starts: small enough to travel, with `responses_create_params` an
// object. Problems are gathered over the whole file and reported at once, each with its line.
import { InputError } from '../errors.ts';
import { MAX_REQUEST_BODY_BYTES } from '../kit/http-app.ts';
import { formatBytes, type ReadJsonlOptions } from './jsonl-reader.ts';

/**
 * A row travels whole in one request at every hop (collector -> agent -> model, and back inside the verify request
 * and its answer), so it must fit several times in a server's request limit.
 */
export const MAX_INPUT_ROW_BYTES = MAX_REQUEST_BODY_BYTES / 4;

/** readJsonl options for input rows: the size limit and what to do about a larger row. */
export function inputRowReading(displayPath: string): ReadJsonlOptions {
  return {
    displayPath,
    maxLineBytes: MAX_INPUT_ROW_BYTES,
    oversizeHint: `a row travels whole in one HTTP request at every server hop, and servers accept requests up to ${formatBytes(MAX_REQUEST_BODY_BYTES)}: make the row smaller (e.g. refer to large media by URL instead of inlining it)`,
  };
}

/** Why `row` cannot be sent to an agent, or undefined when it can. */
export function inputRowProblem(row: Record<string, unknown>): string | undefined {
  const params = row.responses_create_params;
  if (params === undefined) return 'it has no `responses_create_params`';
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return `\`responses_create_params\` is ${params === null ? 'null' : Array.isArray(params) ? 'an array' : `a ${typeof params}`}, not an object`;
  const input = (params as Record<string, unknown>).input;
  if (input !== undefined && typeof input !== 'string' && !Array.isArray(input)) return '`responses_create_params.input` is neither a string nor a list of items';
  return undefined;
}

/** Gathers the bad rows of one file; `throwIfAny` reports them together (the first 10 by line). */
export class InputRowCheck {
  readonly #file: string;
  readonly #problems: string[] = [];
  #count = 0;
  #rows = 0;

  constructor(displayPath: string) {
    this.#file = displayPath;
  }

  check(row: Record<string, unknown>, lineNumber: number): boolean {
    this.#rows++;
    const problem = inputRowProblem(row);
    if (problem === undefined) return true;
    this.#count++;
    if (this.#problems.length < 10) this.#problems.push(`line ${lineNumber}: ${problem}`);
    return false;
  }

  throwIfAny(): void {
    if (this.#rows === 0) throw emptyInputError(this.#file);
    if (this.#count === 0) return;
    const more = this.#count > this.#problems.length ? `\n... and ${this.#count - this.#problems.length} more` : '';
    throw new InputError(`${this.#count} row${this.#count > 1 ? 's' : ''} of '${this.#file}' cannot be sent to an agent; no rollout was started`, {
      file: this.#file,
      details: this.#problems.join('\n') + more,
      hint: 'every row needs "responses_create_params": {"input": ...} (an object); fix or remove those lines',
    });
  }
}

/** The error for an input without a single row. */
export function emptyInputError(displayPath: string): InputError {
  return new InputError(`'${displayPath}' has no rows: there is nothing to collect`, {
    file: displayPath,
    hint: 'check the file (one JSON object per line); an interrupted download or a wrong path often leaves an empty file',
  });
}
