// POST /run to agents over pooled keep-alive connections, with a deadline per rollout and classified failures.
import { createAgent, type Agent } from '../kit/undici-agent.ts';
import { connectionsPerOrigin } from '../kit/connection-budget.ts';
import { LeanDeadlineError, startLeanPost } from '../kit/lean-post.ts';
import { classifyErrorResponse, classifyNetworkError, type RolloutFailure } from './failure-class.ts';

/** A verify response comes with the JSON text it was parsed from (`text`), to be written as it is. */
export type RunOutcome = { ok: true; result: Record<string, unknown>; text: string } | { ok: false; failure: RolloutFailure };

const jsonHeaders = { 'content-type': 'application/json' };

export class AgentClient {
  readonly #dispatcher: Agent;
  readonly #timeoutMs: number;
  // One listener per stop signal cancels every call in flight: a listener per call made each
  // addEventListener scan all the others (a quarter of the collector's CPU at 5,000 in flight).
  readonly #inFlight = new Set<(reason: Error) => void>();
  readonly #watched = new WeakSet<AbortSignal>();
  /** Agent URL -> origin (scheme://host:port) and path prefix, parsed once. */
  readonly #targets = new Map<string, { origin: string; path: string }>();

  constructor(options: { parallel: number; timeoutMs: number }) {
    this.#timeoutMs = options.timeoutMs;
    // One connection per in-flight rollout, kept alive between rollouts, as far as the descriptor limit
    // lets every hop hold its share (connection-budget.ts); beyond it rollouts wait for a connection.
    const budget = connectionsPerOrigin();
    // The connect deadline outlasts the kernel's SYN retries when thousands of connections open at once.
    this.#dispatcher = createAgent({ connections: budget === null ? options.parallel : Math.min(options.parallel, budget), keepAliveTimeout: 30_000, pipelining: 1, connect: { timeout: 30_000 } });
  }

  #targetOf(agentUrl: string): { origin: string; path: string } {
    let target = this.#targets.get(agentUrl);
    if (target === undefined) {
      const url = new URL('/run', agentUrl);
      target = { origin: url.origin, path: url.pathname };
      this.#targets.set(agentUrl, target);
    }
    return target;
  }

  /** Run one rollout; never throws for a failed rollout (the outcome says why). `abort` cancels it;
   * `rowText`, when given, is `row`'s JSON text, sent as it is. */
  async run(agentUrl: string, row: Record<string, unknown>, abort?: AbortSignal, rowText?: string): Promise<RunOutcome> {
    if (abort !== undefined && !this.#watched.has(abort)) {
      this.#watched.add(abort);
      abort.addEventListener('abort', () => this.#inFlight.forEach((cancel) => cancel(new Error('the collection was stopped'))), { once: true });
    }
    const { origin, path } = this.#targetOf(agentUrl);
    // The deadline's timer is released as soon as the call ends: AbortSignal.timeout/any would keep a timer
    // or a listener per rollout alive for the whole timeout, so memory would grow with the rows.
    const call = startLeanPost(this.#dispatcher, origin, path, rowText ?? JSON.stringify(row), jsonHeaders, { timeoutMs: this.#timeoutMs });
    this.#inFlight.add(call.abort);
    if (abort?.aborted) call.abort(new Error('the collection was stopped'));
    try {
      const { status, text } = await call.answer;
      if (status < 200 || status >= 300) return { ok: false, failure: classifyErrorResponse(status, text) };
      let result: unknown;
      try {
        result = JSON.parse(text);
      } catch {
        return { ok: false, failure: { failureClass: 'invalid_response', message: `/run answered non-JSON: ${text.slice(0, 500)}` } };
      }
      if (result === null || typeof result !== 'object' || Array.isArray(result)) {
        return { ok: false, failure: { failureClass: 'invalid_response', message: `/run answered ${text.slice(0, 200)} instead of a verify response object` } };
      }
      return { ok: true, result: result as Record<string, unknown>, text };
    } catch (error) {
      const timedOut = error instanceof LeanDeadlineError;
      // The caller aborts with the failure to record (for example server_died).
      if (abort?.aborted && !timedOut) return { ok: false, failure: abort.reason as RolloutFailure };
      return { ok: false, failure: classifyNetworkError(error, timedOut) };
    } finally {
      this.#inFlight.delete(call.abort);
    }
  }

  async close(): Promise<void> {
    await this.#dispatcher.destroy();
  }
}
