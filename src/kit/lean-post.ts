// One JSON POST over an undici dispatcher, answered as text: the lean path every hop of a rollout takes.
//
// Why not undici's `request()`: it wraps each answer in a Readable stream, and a deadline needs an
// AbortController, a timer and a signal listener per call; at eight calls per rollout those cost more
// CPU than the HTTP exchange itself. Here the answer's chunks are gathered by a plain handler and the
// deadline is one timer that aborts through undici's own controller.
import type { Dispatcher } from 'undici';

export interface LeanAnswer {
  status: number;
  /** The body as UTF-8 text. */
  text: string;
  /** Response headers, lower-case names (a repeated header is an array). */
  headers: Record<string, string | string[] | undefined>;
}

export interface LeanPostOptions {
  /** Whole-call deadline (headers and body); past it the call fails with a `LeanDeadlineError`. */
  timeoutMs: number;
  /** Cancels the call (the error is the signal's reason, or an AbortError). */
  signal?: AbortSignal | undefined;
}

/** The call's whole-call deadline passed. */
export class LeanDeadlineError extends Error {
  readonly code = 'RG_DEADLINE';
  constructor(timeoutMs: number) {
    super(`deadline of ${timeoutMs} ms passed`);
    this.name = 'LeanDeadlineError';
  }
}

interface AbortController_ {
  abort(reason: Error): void;
}

const noop = (): void => {};

class TextAnswerHandler implements Dispatcher.DispatchHandler {
  #chunks: Buffer[] = [];
  #status = 0;
  #headers: Record<string, string | string[] | undefined> = {};
  #controller: AbortController_ | undefined;
  #pendingAbort: Error | undefined;
  #settled = false;
  #resolve: (answer: LeanAnswer) => void;
  #reject: (error: Error) => void;
  #timer: NodeJS.Timeout | undefined;
  #signal: AbortSignal | undefined;
  #onAbort: (() => void) | undefined;

  constructor(resolve: (answer: LeanAnswer) => void, reject: (error: Error) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  arm(options: LeanPostOptions): void {
    this.#timer = setTimeout(() => this.abort(new LeanDeadlineError(options.timeoutMs)), options.timeoutMs);
    const signal = options.signal;
    if (signal) {
      this.#signal = signal;
      this.#onAbort = () => this.abort(signal.reason instanceof Error ? signal.reason : Object.assign(new Error('the call was cancelled'), { name: 'AbortError' }));
      if (signal.aborted) this.#onAbort();
      else signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  abort(reason: Error): void {
    if (this.#settled) return;
    if (this.#controller) this.#controller.abort(reason);
    else this.#pendingAbort = reason;
  }

  onRequestStart(controller: AbortController_): void {
    this.#controller = controller;
    if (this.#pendingAbort) controller.abort(this.#pendingAbort);
  }

  onResponseStart(_controller: unknown, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.#status = statusCode;
    this.#headers = headers;
  }

  onResponseData(_controller: unknown, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    const chunks = this.#chunks;
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8');
    const resolve = this.#resolve;
    const headers = this.#headers;
    this.#settle();
    resolve({ status: this.#status, text, headers });
  }

  onResponseError(_controller: unknown, error: Error): void {
    const reject = this.#reject;
    this.#settle();
    reject(error);
  }

  /**
   * Ends the call and lets go of everything it reached. undici may keep the handler reachable for a while (a
   * request promoted to the old generation by a full GC while in flight is only found dead at the next full GC),
   * and every young object such a handler still points to then survives each scavenge and is promoted in turn: the
   * answer's text, headers and chunks through the resolved promise. In the collector that kept ~1.3 MB per scavenge
   * promoted and a full GC every 0.6 s once the first one had run; cut here, 40-70 KB and one every 5-7 s
   * (--trace-gc-nvp, 30,000 weather rollouts at 64 in flight, three runs), and 149 -> 108 us of collector CPU per rollout
   * (bench/topology.ts, same machine).
   */
  #settle(): void {
    this.#settled = true;
    clearTimeout(this.#timer);
    if (this.#signal) this.#signal.removeEventListener('abort', this.#onAbort!);
    this.#chunks = [];
    this.#headers = {};
    this.#controller = undefined;
    this.#resolve = noop;
    this.#reject = noop;
    this.#timer = undefined;
    this.#signal = undefined;
    this.#onAbort = undefined;
  }
}

export interface LeanCall {
  answer: Promise<LeanAnswer>;
  /** Cancel the call: `answer` rejects with `reason` (nothing happens once it has settled). */
  abort(reason: Error): void;
}

/** Start a POST of `body` (already JSON text) to `origin` + `path`; its answer whatever its status. */
export function startLeanPost(dispatcher: Dispatcher, origin: string, path: string, body: string, headers: Record<string, string>, options: LeanPostOptions): LeanCall {
  return startLeanRequest(dispatcher, 'POST', origin, path, body, headers, options);
}

/** A GET (no body) on the lean path. */
export function leanGet(dispatcher: Dispatcher, origin: string, path: string, options: LeanPostOptions): Promise<LeanAnswer> {
  return startLeanRequest(dispatcher, 'GET', origin, path, null, {}, options).answer;
}

function startLeanRequest(dispatcher: Dispatcher, method: 'GET' | 'POST', origin: string, path: string, body: string | null, headers: Record<string, string>, options: LeanPostOptions): LeanCall {
  let handler!: TextAnswerHandler;
  const answer = new Promise<LeanAnswer>((resolve, reject) => {
    handler = new TextAnswerHandler(resolve, reject);
  });
  handler.arm(options);
  try {
    // undici's own headers/body timers are off (0): the one deadline timer above covers the whole call, and
    // undici re-arming its timers on every chunk cost more CPU than the rest of the call's bookkeeping.
    dispatcher.dispatch({ origin, path, method, body, headers, headersTimeout: 0, bodyTimeout: 0 }, handler);
  } catch (error) {
    handler.onResponseError(undefined, error as Error);
  }
  return { answer, abort: (reason) => handler.abort(reason) };
}

/** POST `body` (already JSON text) to `origin` + `path`; resolves with the answer whatever its status. */
export function leanPost(dispatcher: Dispatcher, origin: string, path: string, body: string, headers: Record<string, string>, options: LeanPostOptions): Promise<LeanAnswer> {
  return startLeanPost(dispatcher, origin, path, body, headers, options).answer;
}

/** Set-Cookie lines of an answer, as a list. */
export function setCookiesOf(headers: LeanAnswer['headers']): string[] {
  const value = headers['set-cookie'];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
