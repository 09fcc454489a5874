// Reach other servers of the run by top-level name: keep-alive pools, a timeout on every call, one address refresh.
import { addressFromTree, type ServerAddress, type ServerContext } from './server-context.ts';
import { LeanDeadlineError, leanGet, leanPost, setCookiesOf } from './lean-post.ts';
import { createAgent } from './undici-agent.ts';
import { connectionsPerOrigin } from './connection-budget.ts';
import { VALIDATED_HEADER, type ValidatedShape } from './validated-hop.ts';

export interface ServerCallOptions {
  /** `Cookie` header to send (cookies are passed explicitly; there is no jar). */
  cookieHeader?: string | undefined;
  /** The body was built only from validated parts, as this shape: the server need not validate it again (validated-hop.ts). */
  validated?: ValidatedShape | undefined;
  /** Whole-call deadline, headers and body included. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ServerCallResult {
  status: number;
  /** The raw response body text (a tool's output is this text, whatever the status). */
  text: string;
  setCookies: string[];
}

export type ServerCallFailure = 'timeout' | 'unreachable' | 'connection_lost' | 'unknown_server' | 'aborted';

/** A call that got no HTTP answer at all: names the server, path and what happened. */
export class ServerCallError extends Error {
  readonly server: string;
  readonly failure: ServerCallFailure;

  constructor(server: string, path: string, failure: ServerCallFailure, detail: string) {
    super(`${failure === 'timeout' ? 'timed out calling' : 'could not call'} server \`${server}\` at ${path}: ${detail}`);
    this.name = 'ServerCallError';
    this.server = server;
    this.failure = failure;
  }
}

/** One dispatcher per process, sized for thousands of concurrent rollouts. */
export const sharedDispatcher = createAgent({
  // How many calls are in flight is bounded upstream by the collector's window (num_samples_in_parallel);
  // the only cap here is the one the descriptor limit imposes (connection-budget.ts): beyond it calls wait
  // for a free connection instead of failing with EMFILE.
  connections: connectionsPerOrigin(),
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 60_000,
  // Thousands of connections opened at once overflow a listen backlog (4,096 here): the kernel drops SYNs
  // and the client retries after 1, 3, 7, 15 s. A connect deadline below that fails calls that would succeed.
  connect: { timeout: 30_000 },
  pipelining: 1,
});

const jsonHeaders: Record<string, string> = { 'content-type': 'application/json' };

// Only a connection that was never made is safe to retry: the server cannot have acted on the request.
const connectionRefused = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code) return code;
    current = current.cause;
  }
  return undefined;
}

function connectHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export interface ServerClientSource {
  tree: Record<string, unknown>;
  headUrl: string | undefined;
}

/** Calls servers by top-level name; addresses come from the config tree, refreshed from the head server once on refusal. */
export class ServerClient {
  readonly #addresses = new Map<string, string>();
  readonly #source: ServerClientSource;
  #refreshing: Promise<void> | undefined;

  constructor(source: ServerClientSource | ServerContext) {
    this.#source = { tree: source.tree, headUrl: source.headUrl };
  }

  /** Base URL of a server, or undefined when the config does not name it. */
  urlOf(serverName: string): string | undefined {
    let url = this.#addresses.get(serverName);
    if (url === undefined) {
      const address: ServerAddress | undefined = addressFromTree(this.#source.tree, serverName);
      if (!address) return undefined;
      url = `http://${connectHost(address.host)}:${address.port}`;
      this.#addresses.set(serverName, url);
    }
    return url;
  }

  /** POSTs JSON (an object, or pre-serialised text) to `path` of server `serverName`. */
  async post(serverName: string, path: string, body: unknown, options: ServerCallOptions): Promise<ServerCallResult> {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    try {
      return await this.#send(serverName, path, payload, options);
    } catch (error) {
      if (!(error instanceof ServerCallError) || error.failure !== 'unreachable' || !this.#source.headUrl) throw error;
      await this.#refreshFromHead();
      return this.#send(serverName, path, payload, options);
    }
  }

  async #send(serverName: string, path: string, payload: string, options: ServerCallOptions): Promise<ServerCallResult> {
    const base = this.urlOf(serverName);
    if (base === undefined) throw new ServerCallError(serverName, path, 'unknown_server', 'no server of that name in the config');
    let headers = jsonHeaders;
    if (options.cookieHeader || options.validated) {
      headers = { 'content-type': 'application/json' };
      if (options.cookieHeader) headers.cookie = options.cookieHeader;
      if (options.validated) headers[VALIDATED_HEADER] = options.validated;
    }
    try {
      const answer = await leanPost(sharedDispatcher, base, path, payload, headers, { timeoutMs: options.timeoutMs, signal: options.signal });
      return { status: answer.status, text: answer.text, setCookies: setCookiesOf(answer.headers) };
    } catch (error) {
      const code = errorCodeOf(error);
      if (error instanceof LeanDeadlineError || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw new ServerCallError(serverName, path, 'timeout', `no complete answer within ${options.timeoutMs} ms`);
      }
      if (options.signal?.aborted) throw new ServerCallError(serverName, path, 'aborted', 'the call was cancelled');
      const failure = code !== undefined && connectionRefused.has(code) ? 'unreachable' : 'connection_lost';
      throw new ServerCallError(serverName, path, failure, `${code ?? ''} ${(error as Error).message}`.trim());
    }
  }

  #refreshFromHead(): Promise<void> {
    this.#refreshing ??= (async () => {
      try {
        const head = new URL(this.#source.headUrl!);
        const answer = await leanGet(sharedDispatcher, head.origin, `${head.pathname.replace(/\/$/, '')}/server_instances`, { timeoutMs: 5_000 });
        const instances = JSON.parse(answer.text) as { name?: string; host?: string; port?: number; url?: string }[];
        if (!Array.isArray(instances)) return;
        for (const instance of instances) {
          if (typeof instance.name !== 'string') continue;
          const url = instance.host && instance.port ? `http://${connectHost(instance.host)}:${instance.port}` : instance.url;
          if (url) this.#addresses.set(instance.name, url.replace(/\/$/, ''));
        }
      } catch {
        // The head server is unreachable too: the retry below reports the original failure.
      } finally {
        setTimeout(() => (this.#refreshing = undefined), 1_000).unref();
      }
    })();
    return this.#refreshing;
  }
}
