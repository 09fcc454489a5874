// `ng_run "+config_paths=[...]"`: bring every server up, print the table, stay up until Ctrl-C.
import { resolveConfig } from '../config/resolve-config.ts';
import { checkUnknownTopLevelKeys } from '../config/options.ts';
import { exitCodeForSignal, processStop, stopRequested } from '../servers/on-signal.ts';
import { KIND_SPECS } from '../servers/server-kinds.ts';
import { serverDiedError, startServerStack, type ServerStack } from '../servers/server-stack.ts';
import { formatTable } from '../servers/server-table.ts';
import { STACK_OPTION_KEYS } from '../servers/stack-settings.ts';
import { formatSeconds } from '../servers/wait-healthy.ts';
import type { Command, CommandIo } from './run-cli.ts';

export const ngRun: Command = async (io) => {
  const resolved = await resolveConfig({ argv: io.argv, cwd: io.cwd, env: io.env });
  checkUnknownTopLevelKeys(resolved, STACK_OPTION_KEYS, { command: 'ng_run' });

  let stack: ServerStack | undefined;
  let stopStartedAt = 0;
  using _hold = processStop.hold({ stderr: io.stderr, onFatal: () => stack?.stop() ?? Promise.resolve() });
  const interrupted = stopRequested().then((signal) => {
    stopStartedAt = Date.now();
    io.stderr.write('\nstopping every server...\n');
    return signal;
  });
  try {
    stack = await startServerStack(resolved, { stdout: io.stdout, stderr: io.stderr, env: io.env, signal: processStop.requested, serverOutputAfterStartup: 'all' });
  } catch (error) {
    if (!processStop.requested.aborted) throw error;
    const signal = await interrupted;
    io.stdout.write(`every server started so far is stopped (${formatSeconds(Date.now() - stopStartedAt)})\n`);
    return exitCodeForSignal(signal);
  }
  printServers(io, stack);
  const outcome = await Promise.race([
    interrupted.then((signal) => ({ signal })),
    new Promise<{ died: Error }>((resolve) => stack!.onServerExit((handle, exit) => resolve({ died: serverDiedError(handle, exit) }))),
  ]);
  await stack.stop();
  if ('died' in outcome) throw outcome.died;
  io.stdout.write(`all servers stopped in ${formatSeconds(Date.now() - stopStartedAt)}\n`);
  return exitCodeForSignal(outcome.signal);
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
