// Failure classes of a rollout: infrastructure and agent failures are data (never reward 0).

export type FailureClass =
  | 'agent_error'
  | 'server_unreachable'
  | 'server_died'
  | 'timeout'
  | 'rate_limited'
  | 'upstream_error'
  | 'invalid_response'
  | (string & {});

export interface RolloutFailure {
  failureClass: FailureClass;
  message: string;
  status?: number;
  /** The signal that stopped the run (class `cancelled`). */
  signal?: NodeJS.Signals;
  /** The server that failed behind the agent and the status it answered (from a kit error body), e.g. a model's 401. */
  upstream?: { server?: string; status?: number | null; type?: string };
  /** Why the whole run stopped (a write failure, refused API key, servers gone): the error the command ends with. */
  error?: unknown;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Classify a thrown network error (no HTTP answer). */
export function classifyNetworkError(error: unknown, timedOut: boolean): RolloutFailure {
  const err = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const message = err.cause?.message ?? err.message ?? String(error);
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return { failureClass: 'timeout', message: `no answer within the rollout timeout (${message})` };
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) return { failureClass: 'server_unreachable', message: `${code}: ${message}` };
  return { failureClass: 'agent_error', message };
}

/** Classify a non-2xx `/run` answer; kit servers answer `{error: {type, server, status, message}}`. */
export function classifyErrorResponse(status: number, bodyText: string): RolloutFailure {
  const snippet = bodyText.length > 2000 ? `${bodyText.slice(0, 2000)}...` : bodyText;
  const upstream = parseUpstream(bodyText);
  const upstreamStatus = upstream?.status ?? null;
  const failure = classifyByStatus(status, bodyText, snippet, upstream, upstreamStatus);
  return upstream === undefined ? failure : { ...failure, upstream: { server: upstream.server, status: upstream.status, type: upstream.type } };
}

function classifyByStatus(status: number, bodyText: string, snippet: string, upstream: UpstreamInfo | undefined, upstreamStatus: number | null): RolloutFailure {
  if (status === 429 || upstreamStatus === 429 || /\b429\b|rate.?limit|too many requests/i.test(bodyText)) {
    return { failureClass: 'rate_limited', message: describe(status, upstream, snippet), status };
  }
  if (upstream?.type === 'timeout' || status === 504) return { failureClass: 'timeout', message: describe(status, upstream, snippet), status };
  if (upstream?.type === 'agent_error') return { failureClass: 'agent_error', message: describe(status, upstream, snippet), status };
  if (upstream !== undefined || status === 502 || status === 503) {
    return { failureClass: 'upstream_error', message: describe(status, upstream, snippet), status };
  }
  return { failureClass: 'agent_error', message: `HTTP ${status}: ${snippet}`, status };
}

interface UpstreamInfo {
  type?: string;
  server?: string;
  status?: number | null;
  message?: string;
}

function parseUpstream(bodyText: string): UpstreamInfo | undefined {
  try {
    const body = JSON.parse(bodyText) as { error?: unknown };
    if (body !== null && typeof body === 'object' && body.error !== null && typeof body.error === 'object') {
      return body.error as UpstreamInfo;
    }
  } catch {
    // Not JSON: classified on the text.
  }
  return undefined;
}

function describe(status: number, upstream: UpstreamInfo | undefined, snippet: string): string {
  if (upstream?.message === undefined) return `HTTP ${status}: ${snippet}`;
  const via = upstream.server ? ` from ${upstream.server}` : '';
  const upstreamStatus = upstream.status ? ` (HTTP ${upstream.status})` : '';
  return `HTTP ${status}${via}${upstreamStatus}: ${upstream.message}`;
}
