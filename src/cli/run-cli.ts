// The only place that turns a command's outcome into output and an exit code.
import { isRolloutGymError } from '../errors.ts';

export interface CommandIo {
  /** Command-line arguments after the command name. */
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A command returns its exit code (or nothing for 0) and throws RolloutGymError for user-facing failures. */
export type Command = (io: CommandIo) => Promise<number | void>;

/** True when `+verbose=true` (or `++verbose=true`), or gym's `-v` / `--verbose`, is among the arguments. */
export function wantsVerbose(argv: readonly string[]): boolean {
  return argv.some((arg) => /^\+{0,2}verbose=(true|True|1|yes)$/.test(arg) || arg === '--verbose' || arg === '-v');
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === '--help' || arg === '-h' || /^\+{0,2}(h|help)=(true|True)$/.test(arg));
}

/** Render an error for the terminal: message, details and hint; the stack only when verbose. */
export function formatError(error: unknown, verbose: boolean): string {
  if (isRolloutGymError(error)) {
    const lines = [`error [${error.code}] ${error.message}`];
    if (error.details) lines.push(error.details.replace(/^/gm, '  '));
    if (error.hint) lines.push(`  fix: ${error.hint.replace(/\n/g, '\n       ')}`);
    if (verbose && error.stack) lines.push('', error.stack);
    else lines.push('  (run with +verbose=true for a stack trace)');
    return lines.join('\n');
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `error: unexpected failure (this is a bug in rollout-gym, please report it)\n${text}`;
}

/** Run a command as a process: print errors without a stack unless asked, and set the exit code. */
export async function runCli(command: Command, argv: string[]): Promise<void> {
  const io: CommandIo = { argv, cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
  try {
    const code = await command(io);
    process.exitCode = code ?? 0;
  } catch (error) {
    process.stderr.write(`${formatError(error, wantsVerbose(argv))}\n`);
    process.exitCode = isRolloutGymError(error) ? error.exitCode : 1;
  }
}
