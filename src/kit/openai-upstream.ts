// A client for one OpenAI-compatible endpoint: bearer auth, a timeout per attempt, bounded retries of what is retryable.
import { sharedDispatcher } from './server-client.ts';
import { defaultRetryPolicy, isRetryableStatus, retryAfterMs, retryDelayMs, type RetryPolicy } from './retry-policy.ts';
import { LeanDeadlineError, leanPost } from './lean-post.ts';

export interface UpstreamOptions {
  baseUrl: string;
  apiKey: string | undefined;
  defaultHeaders?: Record<string, string>;
  requestTimeoutMs: number;
  retry?: Partial<RetryPolicy>;
  log: (line: string) => void;
}

export interface UpstreamAnswer {
  /** The upstream status; 0 when no attempt got an HTTP answer (timeout or connection failure). */
  status: number;
  text: string;
  /** Set when status is 0: what happened on the last attempt. */
  failure?: 'timeout' | 'connection';
  attempts: number;
}

/** `https://user:pass@host/v1` -> `https://host/v1`: URLs in logs never carry credentials. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '<invalid url>';
  }
}

/** Posts JSON to an OpenAI-compatible API. Never throws for HTTP statuses; the key never reaches a log line. */
export class OpenAiUpstream {
  readonly #options: UpstreamOptions;
  readonly #policy: RetryPolicy;
  readonly #headers: Record<string, string>;
  readonly #base: string;
  /** The base URL as logs show it (no credentials), parsed once: a URL parse per call showed in the model server's profile. */
  readonly #displayBase: string;
  /** The base URL's origin, and its path (no trailing slash) that every call's path extends. */
  readonly #origin: string;
  readonly #pathPrefix: string;

  constructor(options: UpstreamOptions) {
    this.#options = options;
    this.#policy = { ...defaultRetryPolicy, ...options.retry };
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#displayBase = displayUrl(this.#base);
    const parsed = URL.canParse(this.#base) ? new URL(this.#base) : undefined;
    this.#origin = parsed?.origin ?? this.#base;
    this.#pathPrefix = parsed ? parsed.pathname.replace(/\/+$/, '') : '';
    this.#headers = { 'content-type': 'application/json', ...options.defaultHeaders };
    if (options.apiKey) this.#headers.authorization = `Bearer ${options.apiKey}`;
  }

  /** Removes the API key from any text (an upstream error may echo it). */
  redact(text: string): string {
    const key = this.#options.apiKey;
    return key && key.length >= 4 ? text.replaceAll(key, '***') : text;
  }

  /** POST `<base><path>` (a body, or its JSON text) with retries of 429/5xx/timeouts/connection failures, bounded in count and time. */
  async post(path: string, body: unknown): Promise<UpstreamAnswer> {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const started = Date.now();
    const target = `${this.#displayBase}${path}`;
    for (let attempt = 1; ; attempt++) {
      const answer = await this.#attempt(path, payload);
      answer.attempts = attempt;
      const retryable = answer.status === 0 || isRetryableStatus(answer.status);
      if (!retryable) return answer;
      const retry = attempt;
      const delay = retryDelayMs(this.#policy, retry, answer.retryAfter);
      const what = answer.status === 0 ? answer.failure : `status ${answer.status}`;
      if (retry > this.#policy.maxRetries || Date.now() - started + delay > this.#policy.maxRetryTimeMs) {
        this.#options.log(`POST ${target} failed (${what}) after ${attempt} attempts; giving up`);
        return answer;
      }
      this.#options.log(`POST ${target} failed (${what}); retry ${retry}/${this.#policy.maxRetries} in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  async #attempt(path: string, payload: string): Promise<UpstreamAnswer & { retryAfter?: number | undefined }> {
    const timeoutMs = this.#options.requestTimeoutMs;
    try {
      const answer = await leanPost(sharedDispatcher, this.#origin, this.#pathPrefix + path, payload, this.#headers, { timeoutMs });
      const retryAfter = answer.headers['retry-after'];
      return { status: answer.status, text: this.redact(answer.text), attempts: 1, retryAfter: retryAfterMs(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const timedOut = error instanceof LeanDeadlineError || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
      const reason = timedOut ? `no answer within ${timeoutMs} ms` : `${code ?? 'error'}: ${this.redact((error as Error).message)}`;
      return { status: 0, text: reason, failure: timedOut ? 'timeout' : 'connection', attempts: 1 };
    }
  }
}
