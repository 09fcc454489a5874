// Startup shown as a listr2 task list: one task per server, its URL and time once healthy, and under it the
// error and warning lines it wrote while starting (its other lines are only in its log).
// On a terminal the list redraws in place; in CI or a pipe it prints plain lines. It never owns a signal.
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
  /** True when server `name` failed only because another server failed first (or startup was interrupted). */
  isCancelled: (error: unknown, name: string) => boolean;
  /** The error and warning lines server `name` wrote while starting. */
  heldLines?: (name: string) => readonly string[];
}

type StartupTask = { title: string | undefined; output: string | undefined; skip(message?: string): void };

/** Render the startup of every server; resolves when every task has settled (never rejects). */
export async function showStartup(
  attempts: ReadonlyArray<{ instance: ServerInstance; started: Promise<StartedServer>; runtime?: string }>,
  options: StartupDisplayOptions,
): Promise<void> {
  const interactive = Boolean((options.stdout as NodeJS.WriteStream).isTTY) && !options.env.CI;
  const list = new Listr(
    attempts.map(({ instance, started, runtime }) => ({
      title: `${KIND_SPECS[instance.kind].label} ${instance.name} starting (${instance.kind}/${instance.implementation}${runtime ? `, ${runtime}` : ''})`,
      // A server's own lines stay under its name after it is healthy.
      rendererOptions: { persistentOutput: true, outputBar: Infinity },
      task: async (_context: unknown, task: StartupTask) => {
        const label = `${KIND_SPECS[instance.kind].label} ${instance.name}`;
        try {
          const { handle, healthyAfterMs } = await started;
          for (const line of options.heldLines?.(instance.name) ?? []) task.output = `(${instance.name}) ${line}`;
          task.title = `${label} healthy at ${handle.url} in ${formatSeconds(healthyAfterMs)}`;
        } catch (error) {
          if (options.isCancelled(error, instance.name)) return task.skip('cancelled');
          task.title = `${label} failed to start`;
          // The error itself (what happened, the end of its output, its log) is printed once, after the list.
          throw new Error('the error follows');
        }
      },
    })),
    {
      concurrent: true,
      exitOnError: false,
      // Ctrl-C belongs to the command (it stops the servers and says what was kept), never to the display.
      registerSignalListeners: false,
      renderer: interactive ? 'default' : 'simple',
      fallbackRenderer: 'simple',
      rendererOptions: {
        showErrorMessage: false,
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
