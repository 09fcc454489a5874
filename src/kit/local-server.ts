// A resources server served inside this process on a free loopback port, without an orchestrator: for tests.
import { http } from './node-http.ts';
import type { AddressInfo } from 'node:net';
import { createResourcesApp, type ResourcesServerDefinition } from './resources-server.ts';
import type { ServerContext } from './server-context.ts';

export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export interface LocalServerOptions {
  /** The server's top-level name (its session cookie is `<className>___<name>`). @default "resources_server" */
  name?: string;
  /** Its config block, as it would read it from the orchestrator. @default {} */
  config?: Record<string, unknown>;
}

/** The context a resources server gets without an orchestrator: on 127.0.0.1, its port 0 until it listens. */
export function localResourcesContext(options: LocalServerOptions = {}): ServerContext {
  const name = options.name ?? 'resources_server';
  const config = options.config ?? {};
  return {
    name,
    kind: 'resources_servers',
    implementation: name,
    config,
    tree: { [name]: { resources_servers: { [name]: config } } },
    host: '127.0.0.1',
    port: 0,
    headUrl: undefined,
    runToken: undefined,
    parentPid: undefined,
    log: (line) => void process.stderr.write(`(${name}) ${line}\n`),
  };
}

/** Serve `definition` on 127.0.0.1 (a free port) in this process; `close()` stops it. */
export async function startLocalResourcesServer(definition: ResourcesServerDefinition<any>, options: LocalServerOptions = {}): Promise<LocalServer> {
  const context = localResourcesContext(options);
  const server = http.createServer({ keepAlive: false }, createResourcesApp(definition, context).handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, resolve);
  });
  context.port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${context.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
