// The only place that turns a command's outcome into output and an exit code.
import { isRolloutGymError } from '../errors.ts';
import { explainFileError } from '../file-errors.ts';

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
  keepWritingAfterHangup();
  const io: CommandIo = { argv, cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
  try {
    const code = await command(io);
    process.exitCode = code ?? 0;
  } catch (thrown) {
    const error = explainFileError(thrown);
    process.stderr.write(`${formatError(error, wantsVerbose(argv))}\n`);
    process.exitCode = isRolloutGymError(error) ? error.exitCode : 1;
  }
  exitOnceSettled(wantsVerbose(argv));
}

/**
 * A closed terminal (SIGHUP) or a closed pipe (`| head`) makes writes to stdout/stderr fail with EIO/EPIPE: that
 * must not turn an orderly stop into a crash, so such errors are dropped (there is nobody left to read them).
 */
function keepWritingAfterHangup(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    });
  }
}

/**
 * The command has finished: whatever is still open (a forgotten timer, socket or worker) must not keep the process
 * alive. Give pending output a moment, then exit; with +verbose=true say what was still open.
 */
function exitOnceSettled(verbose: boolean): void {
  setTimeout(() => {
    if (verbose) process.stderr.write(`(exiting although these were still open: ${process.getActiveResourcesInfo().join(', ')})\n`);
    process.exit();
  }, 1000).unref();
}
