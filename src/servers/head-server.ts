// The head server inside the orchestrator: health, the server-instance list, and the config (full only with the run token).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { http } from '../kit/node-http.ts';
import { once } from 'node:events';
import { timingSafeEqual } from 'node:crypto';
import { stringify } from 'yaml';
import { ServerError } from '../errors.ts';
import { redactTree } from '../config/secrets.ts';
import type { ServerHandle } from './spawn-server.ts';

/** One row of `GET /server_instances` (NeMo Gym's display record plus kind-neutral names). */
export interface ServerInstanceRecord {
  name: string;
  process_name: string;
  server_type: string;
  implementation: string;
  host: string;
  port: number;
  url: string;
  pid: number;
  health: string;
  /** Epoch seconds, as NeMo Gym. */
  start_time: number;
  config_path: string;
  entrypoint?: string;
}

export interface HeadServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** The config served at /global_config_dict_yaml (with concrete ports). */
  setConfig(tree: Record<string, unknown>): void;
  /** Where /server_instances reads the current servers from. */
  setServers(list: () => readonly ServerHandle[]): void;
  close(): Promise<void>;
}

export interface HeadServerOptions {
  host: string;
  port: number;
  /** A taken explicit port is an error; a taken default port makes us pick a free one. */
  portIsExplicit: boolean;
  runToken: string;
  /** Where each model server's API key comes from (never the key), served at GET /key_sources. */
  keySources?: Record<string, string>;
}

/** Start the head server; resolves once it listens. */
export async function startHeadServer(options: HeadServerOptions): Promise<HeadServer> {
  let tree: Record<string, unknown> = {};
  let servers: () => readonly ServerHandle[] = () => [];
  const server = http.createServer((request, response) => {
    route(request, response, { tree, servers: servers(), runToken: options.runToken, keySources: options.keySources ?? {} });
  });
  server.keepAliveTimeout = 1000;
  const port = await listen(server, options);
  const url = `http://${options.host}:${port}`;
  return {
    host: options.host,
    port,
    url,
    setConfig: (next) => {
      tree = next;
    },
    setServers: (list) => {
      servers = list;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function listen(server: Server, options: HeadServerOptions): Promise<number> {
  try {
    server.listen(options.port, options.host);
    await once(server, 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' || options.portIsExplicit) {
      throw new ServerError(`the head server cannot listen on ${options.host}:${options.port} (${code ?? String(error)})`, {
        code: 'RG_HEAD_SERVER',
        cause: error,
        hint:
          code === 'EADDRINUSE'
            ? 'another ng_run (or another program) uses that port: `ng_status` lists running runs; choose another with +head_server.port=<port> or leave it out to let rollout-gym pick a free one'
            : 'check head_server.host: it must be an address of this machine',
      });
    }
    // Default port taken (usually another run): take any free port; the run registry tells ng_status where we are.
    server.listen(0, options.host);
    await once(server, 'listening');
  }
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : options.port;
}

interface RouteState {
  tree: Record<string, unknown>;
  servers: readonly ServerHandle[];
  runToken: string;
  keySources: Record<string, string>;
}

function route(request: IncomingMessage, response: ServerResponse, state: RouteState): void {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET') return send(response, 405, { detail: 'Method Not Allowed' });
  if (path === '/') return send(response, 200, { status: 'ok' });
  if (path === '/server_instances') return send(response, 200, state.servers.map(toRecord));
  if (path === '/key_sources') return send(response, 200, state.keySources);
  if (path === '/global_config_dict_yaml') {
    const trusted = hasRunToken(request, state.runToken);
    return send(response, 200, stringify(trusted ? state.tree : redactTree(state.tree)));
  }
  send(response, 404, { detail: 'Not Found' });
}

function hasRunToken(request: IncomingMessage, runToken: string): boolean {
  const given = Buffer.from(request.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${runToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The head server's view of one running server. */
export function toRecord(handle: ServerHandle): ServerInstanceRecord {
  return {
    name: handle.name,
    process_name: handle.name,
    server_type: handle.kind,
    implementation: handle.implementation,
    host: handle.host,
    port: handle.port,
    url: handle.url,
    pid: handle.pid,
    health: handle.state,
    start_time: handle.startTime / 1000,
    config_path: handle.name,
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
