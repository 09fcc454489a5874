// The viewer's HTTP server: a fixed set of static files, the JSON API, server-sent events, strict headers.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { http } from '../kit/node-http.ts';
import { readFileSync } from 'node:fs';
import { ApiError, aggregateRoute, infoRoute, matchRoute, rolloutRoute, rowsRoute, statsRoute, type ViewerRuns } from './api-routes.ts';

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/static/viewer.css': { file: 'viewer.css', type: 'text/css; charset=utf-8' },
  '/static/viewer.js': { file: 'viewer.js', type: 'text/javascript; charset=utf-8' },
  '/static/dom.js': { file: 'dom.js', type: 'text/javascript; charset=utf-8' },
  '/static/charts.js': { file: 'charts.js', type: 'text/javascript; charset=utf-8' },
  '/static/charts-tab.js': { file: 'charts-tab.js', type: 'text/javascript; charset=utf-8' },
  '/static/rollout-view.js': { file: 'rollout-view.js', type: 'text/javascript; charset=utf-8' },
};

/** Rollout text is untrusted: nothing but our own scripts and styles may run or load. */
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function loadStaticFiles(): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const [route, { file, type }] of Object.entries(STATIC_FILES)) {
    files.set(route, { body: readFileSync(new URL(`./static/${file}`, import.meta.url)), type });
  }
  return files;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', typeof value === 'string' ? value : JSON.stringify(value));
}

export interface ViewerServer {
  server: Server;
  /** Push an event to every open page (`data:` is JSON). */
  broadcast(event: string, data: unknown): void;
  /** End the event streams so the server can close. */
  closeStreams(): void;
}

/** A server for `runs`; when `loopbackOnly`, requests must name a loopback host (blocks DNS rebinding). */
export function createViewerServer(runs: ViewerRuns, loopbackOnly: boolean): ViewerServer {
  const staticFiles = loadStaticFiles();
  const streams = new Set<ServerResponse>();
  const api: Record<string, (query: URLSearchParams) => unknown> = {
    '/api/info': () => infoRoute(runs),
    '/api/rows': (query) => rowsRoute(runs, query),
    '/api/rollout': (query) => rolloutRoute(runs, query),
    '/api/match': (query) => matchRoute(runs, query),
    '/api/stats': (query) => statsRoute(runs, query),
    '/api/aggregate': (query) => aggregateRoute(runs, query),
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const hostName = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (loopbackOnly && !LOOPBACK_NAMES.has(hostName)) return sendJson(response, 403, { error: 'this viewer only answers requests for 127.0.0.1 or localhost' });
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { error: 'only GET is supported' });
    const url = new URL(request.url ?? '/', 'http://viewer.invalid');
    if (url.pathname === '/favicon.ico') return send(response, 204, 'image/x-icon', '');
    const file = staticFiles.get(url.pathname);
    if (file) return send(response, 200, file.type, file.body);
    if (url.pathname === '/api/events') {
      response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    const route = api[url.pathname];
    if (!route) return sendJson(response, 404, { error: `nothing at ${url.pathname}` });
    try {
      sendJson(response, 200, await route(url.searchParams));
    } catch (error) {
      if (error instanceof ApiError) return sendJson(response, error.status, { error: error.message });
      sendJson(response, 500, { error: `viewer failure: ${(error as Error).message}` });
    }
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) });
      else response.destroy();
    });
  });
  return {
    server,
    broadcast(event, data) {
      const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const stream of streams) stream.write(message);
    },
    closeStreams() {
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}
