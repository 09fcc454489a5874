// Which of a server's lines reach the terminal. Every line always goes to the server's log file.
// While the stack starts, nothing is printed live (the startup list stays in order): a server's error and
// warning lines are held and shown under its name by the startup display; a server that fails to start is
// shown once, by its error, with the end of its output. Once the stack is up, either every line or only
// error and warning lines are printed, prefixed once with the server's name.

export type EchoAfterStartup = 'all' | 'errors' | 'none';

/** Lines that carry an explicit informational level are never errors, whatever words they contain. */
const INFO_LEVEL = /^\s*\[?(INFO|DEBUG|TRACE)\b\]?/;
const ERROR_WORDS = /(error|exception)\b|\b(traceback|fatal|critical|panic|warn|warning|failed|failure)\b/i;
/** Lines that continue an error: a stack frame, an indented detail, a closing brace. */
const CONTINUATION = /^(\s+\S|[}\])]\s*$)/;
const MAX_HELD_LINES = 20;

/**
 * A per-stream classifier: true for an error or warning line and for the lines that continue it (the frames
 * of a Python traceback or a Node stack).
 */
export function createErrorLineClassifier(): (line: string) => boolean {
  let inError = false;
  return (line) => {
    if (INFO_LEVEL.test(line)) return (inError = false);
    if (ERROR_WORDS.test(line)) return (inError = true);
    if (inError && CONTINUATION.test(line)) return true;
    return (inError = false);
  };
}

export class ServerEcho {
  readonly #afterStartup: EchoAfterStartup;
  #started = false;
  readonly #held = new Map<string, string[]>();

  constructor(afterStartup: EchoAfterStartup) {
    this.#afterStartup = afterStartup;
  }

  /** Whether to print this line of server `name` now (`isError` from its stream's classifier). */
  shouldPrint(name: string, line: string, isError: boolean): boolean {
    if (this.#afterStartup === 'none') return false;
    if (this.#started) return this.#afterStartup === 'all' || isError;
    if (isError) {
      const held = this.#held.get(name) ?? [];
      if (held.length < MAX_HELD_LINES) held.push(line);
      this.#held.set(name, held);
    }
    return false;
  }

  /** The error and warning lines server `name` wrote while starting (for the startup display). */
  heldLines(name: string): readonly string[] {
    return this.#afterStartup === 'none' ? [] : (this.#held.get(name) ?? []);
  }

  /** The stack is up (or has failed): from now on lines are printed as they come. */
  startupDone(): void {
    this.#started = true;
    this.#held.clear();
  }
}
