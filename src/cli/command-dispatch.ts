// What `node src/cli/main.ts <command> [overrides...]` does once the compile cache is on (main.ts): the command's
// help, a usage error for an unknown one, or the command itself, loaded only when it runs.
import { setFlagsFromString } from 'node:v8';
import { closestNames } from '../config/did-you-mean.ts';
import { COMMANDS, helpText, isCommandName, type CommandSpec } from './commands.ts';
import { formatCommandList } from './ng-help.ts';
import { runCli, wantsHelp } from './run-cli.ts';

const [name, ...argv] = process.argv.slice(2);
watchLauncher();
if (name === undefined || name === '--help' || name === '-h') {
  // No command: the list of commands (on stdout when asked for, else as a usage error).
  (name === undefined ? process.stderr : process.stdout).write(formatCommandList());
  process.exitCode = name === undefined ? 2 : 0;
} else if (!isCommandName(name)) {
  const close = closestNames(name, Object.keys(COMMANDS));
  const fix = close.length > 0 ? `did you mean ${close.join(' or ')}? The commands are` : 'use one of';
  process.stderr.write(`error [RG_USAGE] unknown command ${JSON.stringify(name)}\n  fix: ${fix} ${Object.keys(COMMANDS).join(', ')}\n`);
  process.exitCode = 2;
} else if (wantsHelp(argv) && !(COMMANDS[name] as CommandSpec).ownHelp) {
  process.stdout.write(helpText(name));
} else {
  const spec: CommandSpec = COMMANDS[name];
  if (spec.optimizeForSize) setFlagsFromString('--optimize-for-size');
  await runCli(await spec.load(), argv);
}

/** Started by bin/launch.js on an old Node: when the launcher dies (even by kill -9), stop as on SIGTERM. */
function watchLauncher(): void {
  if (process.env.RG_LAUNCHER_IPC !== '1' || !process.channel) return;
  delete process.env.RG_LAUNCHER_IPC;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
