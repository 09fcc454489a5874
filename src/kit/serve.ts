// Puts an HttpApp on its configured host:port, and owns the process lifecycle: SIGTERM, parent death.
import type { Server } from 'node:http';
import { http } from './node-http.ts';
import type { HttpApp } from './http-app.ts';
import type { ServerContext } from './server-context.ts';

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting, closes connections and resolves when closed. */
  close(): Promise<void>;
}

/** Exits the process within ~1 s after `pid` is gone (cheap unref'd poll), so no server outlives its orchestrator. */
export function exitWhenParentDies(pid: number, onGone: () => void): void {
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') {
        clearInterval(timer);
        onGone();
      }
    }
  }, 500);
  timer.unref();
}

/** The node:http server of an app, with keep-alive tuned for many concurrent clients (not listening yet). */
export function createKitServer(app: HttpApp): Server {
  const server = http.createServer({ keepAlive: true, keepAliveTimeout: 30_000, headersTimeout: 60_000, requestTimeout: 0, noDelay: true }, app.handle);
  server.keepAliveTimeout = 30_000;
  server.maxHeadersCount = 200;
  return server;
}

/** Listens on context.host:port (see createKitServer), and installs shutdown handling. */
export async function serveApp(app: HttpApp, context: ServerContext): Promise<RunningServer> {
  const server = createKitServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: context.port, host: context.host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      // In-flight requests get a short grace, then their sockets go (NeMo Gym's graceful timeout is 0.5 s).
      setTimeout(() => server.closeAllConnections(), 300).unref();
    });
    return closing;
  };
  const shutdown = (): void => {
    const hardExit = setTimeout(() => process.exit(0), 450);
    hardExit.unref();
    void close().then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  if (context.parentPid !== undefined) {
    exitWhenParentDies(context.parentPid, () => {
      context.log(`orchestrator (pid ${context.parentPid}) is gone; shutting down`);
      shutdown();
    });
  }
  const displayHost = context.host.includes(':') ? `[${context.host}]` : context.host;
  context.log(`listening on http://${displayHost}:${context.port}`);
  return { server, url: `http://${displayHost}:${context.port}`, close };
}
