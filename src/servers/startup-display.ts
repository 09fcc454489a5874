// Startup shown as a listr2 task list: one task per server, its URL and time once healthy.
// On a terminal the list redraws in place; in CI or a pipe it prints plain lines.
import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { ServerInstance } from '../config/types.ts';
import { KIND_SPECS } from './server-kinds.ts';
import type { ServerHandle } from './spawn-server.ts';
import { formatSeconds } from './wait-healthy.ts';

export interface StartedServer {
  handle: ServerHandle;
  /** Milliseconds from spawn to healthy. */
  healthyAfterMs: number;
}

export interface StartupDisplayOptions {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** True when this server's failure was caused by another server failing first (so it is only "cancelled"). */
  isCancelled: (error: unknown) => boolean;
}

/** Render the startup of every server; resolves when every task has settled (never rejects). */
export async function showStartup(
  attempts: ReadonlyArray<{ instance: ServerInstance; started: Promise<StartedServer>; runtime?: string }>,
  options: StartupDisplayOptions,
): Promise<void> {
  const interactive = Boolean((options.stdout as NodeJS.WriteStream).isTTY) && !options.env.CI;
  const list = new Listr(
    attempts.map(({ instance, started, runtime }) => ({
      title: `${KIND_SPECS[instance.kind].label} ${instance.name} starting (${instance.kind}/${instance.implementation}${runtime ? `, ${runtime}` : ''})`,
      task: async (_context: unknown, task: { title: string | undefined; skip(message?: string): void }) => {
        try {
          const { handle, healthyAfterMs } = await started;
          task.title = `${KIND_SPECS[instance.kind].label} ${instance.name} healthy at ${handle.url} in ${formatSeconds(healthyAfterMs)}`;
        } catch (error) {
          if (options.isCancelled(error)) return task.skip(`${instance.name}: startup cancelled`);
          throw new Error(`${KIND_SPECS[instance.kind].label} ${instance.name} failed to start (details below)`);
        }
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      renderer: interactive ? 'default' : 'simple',
      fallbackRenderer: 'simple',
      rendererOptions: {
        logger: new ListrLogger({
          useIcons: true,
          toStderr: [],
          processOutput: new ProcessOutput(options.stdout as NodeJS.WriteStream, options.stderr as NodeJS.WriteStream),
        }),
      },
    },
  );
  await list.run().catch(() => undefined);
}
