// `ng_run "+config_paths=[...]"`: bring every server up, print the table, stay up until Ctrl-C.
import { resolveConfig } from '../config/resolve-config.ts';
import { checkUnknownTopLevelKeys } from '../config/options.ts';
import { exitCodeForSignal, onSignal } from '../servers/on-signal.ts';
import { KIND_SPECS } from '../servers/server-kinds.ts';
import { serverDiedError, startServerStack, type ServerStack } from '../servers/server-stack.ts';
import { formatTable } from '../servers/server-table.ts';
import { STACK_OPTION_KEYS } from '../servers/stack-settings.ts';
import { formatSeconds } from '../servers/wait-healthy.ts';
import type { Command, CommandIo } from './run-cli.ts';

export const ngRun: Command = async (io) => {
  const resolved = await resolveConfig({ argv: io.argv, cwd: io.cwd, env: io.env });
  checkUnknownTopLevelKeys(resolved, STACK_OPTION_KEYS, { command: 'ng_run' });

  const startup = new AbortController();
  let stack: ServerStack | undefined;
  let stopStartedAt = 0;
  const signals = onSignal(
    async () => {
      stopStartedAt = Date.now();
      io.stderr.write('\nstopping every server...\n');
      startup.abort(new Error('interrupted'));
      await stack?.stop();
    },
    { stderr: io.stderr },
  );
  try {
    try {
      stack = await startServerStack(resolved, { stdout: io.stdout, stderr: io.stderr, env: io.env, signal: startup.signal, serverOutputAfterStartup: 'all' });
    } catch (error) {
      if (!startup.signal.aborted) throw error;
      return exitCodeForSignal(await signals.interrupted);
    }
    printServers(io, stack);
    const outcome = await Promise.race([
      signals.interrupted.then((signal) => ({ signal })),
      new Promise<{ died: Error }>((resolve) => stack!.onServerExit((handle, exit) => resolve({ died: serverDiedError(handle, exit) }))),
    ]);
    // stop() is idempotent; this call matters when the signal came while startServerStack was returning,
    // before `stack` was set, so the teardown above had nothing to stop yet.
    await stack.stop();
    if ('died' in outcome) throw outcome.died;
    io.stdout.write(`all servers stopped in ${formatSeconds(Date.now() - stopStartedAt)}\n`);
    return exitCodeForSignal(outcome.signal);
  } finally {
    signals.dispose();
  }
};

function printServers(io: CommandIo, stack: ServerStack): void {
  const rows = stack.servers.map((server) => [server.name, KIND_SPECS[server.kind].label, server.implementation, server.url, String(server.pid)]);
  io.stdout.write(
    [
      '',
      formatTable(['NAME', 'KIND', 'IMPLEMENTATION', 'URL', 'PID'], rows),
      '',
      `all ${stack.servers.length} servers healthy in ${formatSeconds(stack.timings.startupMs)}; head server ${stack.headUrl}; logs in ${stack.logDir}`,
      'press Ctrl-C to stop; `ng_status` in another terminal shows their health',
      '',
    ].join('\n'),
  );
}
