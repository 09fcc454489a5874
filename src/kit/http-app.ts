// A tiny JSON-over-HTTP app on node:http: exact-path routes, an optional catch-all, 422/404/500 in FastAPI's shapes.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { BodyValidationError } from './validation.ts';
import { HttpError } from './http-errors.ts';
import { readCookie } from './cookies.ts';

export interface KitRequest {
  method: string;
  path: string;
  /** Parsed JSON body (undefined when the body was empty, or when the route takes its body as text). */
  body: unknown;
  /** The body as received (UTF-8). */
  rawBody: string;
  headers: IncomingHttpHeaders;
  /** The raw `Cookie` header, to forward to other servers. */
  cookieHeader: string | undefined;
  /** This server's session id (set when the app has sessions enabled). */
  sessionId: string | undefined;
}

export interface KitReply {
  status?: number;
  /** Serialised as JSON unless `rawBody` is given. */
  body?: unknown;
  /** Pre-serialised JSON text (saves a parse/stringify round trip when proxying). */
  rawBody?: string;
  setCookies?: readonly string[];
}

export type RouteHandler = (request: KitRequest) => Promise<KitReply> | KitReply;

export interface HttpAppOptions {
  /** Server name used in error messages. */
  serverName: string;
  /** When set, every request gets a session id from this cookie, and a fresh one is set when absent. */
  sessionCookieName?: string;
  /** Largest accepted body, bytes. */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

/** Largest request body a kit server accepts by default, bytes. */
export const MAX_REQUEST_BODY_BYTES = 256 * 1024 * 1024;

const notFoundBody = '{"detail":"Not Found"}';
const healthBody = '{"status":"ok"}';

/** Routes JSON requests to handlers; `handle` is the node:http request listener. */
export class HttpApp {
  readonly #routes = new Map<string, RouteHandler>();
  #fallback: RouteHandler | undefined;
  #fallbackParsesJson = true;
  readonly #options: HttpAppOptions;

  constructor(options: HttpAppOptions) {
    this.#options = options;
  }

  /** Registers a POST route. */
  post(path: string, handler: RouteHandler): this {
    this.#routes.set(`POST ${path}`, handler);
    return this;
  }

  /** Registers a GET route. */
  get(path: string, handler: RouteHandler): this {
    this.#routes.set(`GET ${path}`, handler);
    return this;
  }

  /**
   * Handles every POST that matches no route (for example a resources server's catch-all tool). With
   * `parseJson: false` the handler reads `rawBody` and answers malformed JSON itself.
   */
  fallbackPost(handler: RouteHandler, options: { parseJson?: boolean } = {}): this {
    this.#fallback = handler;
    this.#fallbackParsesJson = options.parseJson ?? true;
    return this;
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/') {
      req.resume();
      send(res, 200, healthBody, undefined);
      return;
    }
    const handler = this.#routes.get(`${method} ${path}`) ?? (method === 'POST' ? this.#fallback : undefined);
    if (!handler) {
      req.resume();
      send(res, 404, notFoundBody, undefined);
      return;
    }
    this.#dispatch(req, res, method, path, handler).catch((error: unknown) => {
      this.#options.log?.(`unexpected error while answering ${method} ${path}: ${String(error)}`);
      if (!res.headersSent) send(res, 500, JSON.stringify({ detail: 'Internal Server Error' }), undefined);
      else res.destroy();
    });
  };

  async #dispatch(req: IncomingMessage, res: ServerResponse, method: string, path: string, handler: RouteHandler): Promise<void> {
    let text: string;
    try {
      text = await readBody(req, this.#options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES);
    } catch (error) {
      send(res, 413, JSON.stringify({ detail: (error as Error).message }), undefined);
      return;
    }
    let body: unknown;
    const parseJson = handler !== this.#fallback || this.#fallbackParsesJson;
    if (parseJson && text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch (error) {
        const detail = [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: (error as Error).message } }];
        send(res, 422, JSON.stringify({ detail }), undefined);
        return;
      }
    }
    const cookieHeader = req.headers.cookie;
    const cookieName = this.#options.sessionCookieName;
    let sessionId = cookieName === undefined ? undefined : readCookie(cookieHeader, cookieName);
    let sessionCookie: string | undefined;
    if (cookieName !== undefined && sessionId === undefined) {
      sessionId = randomUUID();
      sessionCookie = `${cookieName}=${sessionId}; Path=/; HttpOnly`;
    }
    const request: KitRequest = { method, path, body, rawBody: text, headers: req.headers, cookieHeader, sessionId };
    let reply: KitReply;
    try {
      reply = await handler(request);
    } catch (error) {
      reply = this.#errorReply(error, method, path);
    }
    let setCookies = reply.setCookies;
    if (sessionCookie !== undefined) setCookies = setCookies ? [sessionCookie, ...setCookies] : [sessionCookie];
    const payload = reply.rawBody ?? JSON.stringify(reply.body ?? null);
    send(res, reply.status ?? 200, payload, setCookies);
  }

  #errorReply(error: unknown, method: string, path: string): KitReply {
    if (error instanceof BodyValidationError) return { status: 422, body: { detail: error.detail } };
    if (error instanceof HttpError) return { status: error.status, body: error.body };
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.#options.log?.(`${method} ${path} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    return { status: 500, body: { error: { type: 'server_error', server: this.#options.serverName, status: 500, message } } };
  }
}

function send(res: ServerResponse, status: number, payload: string, setCookies: readonly string[] | undefined): void {
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  };
  if (setCookies && setCookies.length > 0) headers['set-cookie'] = setCookies as string[];
  res.writeHead(status, headers);
  res.end(payload);
}

/** How long the rest of a body past the limit is read and dropped, so that its sender reads our 413, before the connection goes. */
const OVERSIZE_LINGER_MS = 30_000;

function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        // Destroying the socket here would lose the 413: a client still sending sees only a reset. The rest of the
        // body is read and dropped instead (node:http answers meanwhile), for at most OVERSIZE_LINGER_MS.
        req.off('data', onData);
        chunks.length = 0;
        const linger = setTimeout(() => req.destroy(), OVERSIZE_LINGER_MS).unref();
        req.once('close', () => clearTimeout(linger));
        req.resume();
        reject(new Error(`request body larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
