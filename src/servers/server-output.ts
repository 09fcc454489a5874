// A server's output: appended to its log file, secrets redacted, shown on the terminal as `(<name>) ...`
// when `echo` says so (prefixed once: NeMo Gym's Python servers prefix their own lines with the same
// `(<name>) `), with the last lines of stderr kept for error messages.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { displayPath } from '../config/paths.ts';
import { createErrorLineClassifier, ServerEcho } from './server-echo.ts';

export const STDERR_TAIL_LINES = 20;

const ADDRESS_IN_USE = /EADDRINUSE|address already in use/i;
/** A server saying it accepts connections: our kit's `listening on http://...`, uvicorn's `Uvicorn running on http://...`. */
const LISTENING = /\blistening on https?:\/\/|Uvicorn running on https?:\/\//i;

export interface ServerOutputOptions {
  name: string;
  logFile: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  redact: (text: string) => string;
  /** Which lines reach the terminal (they always go to the log file). @default every line */
  echo?: ServerEcho;
}

export interface ServerOutput {
  /** The last `count` stderr lines (redacted). */
  stderrTail(count?: number): string[];
  /** True once any line mentioned EADDRINUSE. */
  readonly sawAddressInUse: boolean;
  /** Resolves at the first line saying the server listens (never, for a server that does not say so). */
  listening: Promise<void>;
  /** Resolves when both streams have ended and the log file is flushed. */
  closed: Promise<void>;
  /** Write a line of our own (e.g. "restarting on port N") into the same log file. */
  note(line: string): void;
}

const ECHO_ALL = new ServerEcho('all');
ECHO_ALL.startupDone();

/** Wire a child's streams to the terminal and its log file. */
export function captureServerOutput(streams: { stdout: Readable; stderr: Readable }, options: ServerOutputOptions): ServerOutput {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log: WriteStream = createWriteStream(options.logFile, { flags: 'a' });
  const tail: string[] = [];
  const prefix = `(${options.name}) `;
  const echo = options.echo ?? ECHO_ALL;
  let sawAddressInUse = false;
  let announceListening: (() => void) | undefined;
  const listening = new Promise<void>((resolve) => (announceListening = resolve));

  const follow = (stream: Readable, terminal: NodeJS.WritableStream, keepTail: boolean): Promise<void> =>
    new Promise((resolve) => {
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      const isError = createErrorLineClassifier();
      lines.on('line', (raw) => {
        const line = withoutOwnPrefix(options.redact(raw), prefix);
        if (ADDRESS_IN_USE.test(line)) sawAddressInUse = true;
        if (announceListening !== undefined && LISTENING.test(line)) {
          announceListening();
          announceListening = undefined;
        }
        if (keepTail) {
          tail.push(line);
          if (tail.length > STDERR_TAIL_LINES) tail.shift();
        }
        log.write(`${line}\n`);
        if (echo.shouldPrint(options.name, line, isError(line))) terminal.write(`${prefix}${line}\n`);
      });
      lines.on('close', resolve);
    });

  const closed = Promise.all([
    follow(streams.stdout, options.stdout, false),
    follow(streams.stderr, options.stderr, true),
  ]).then(() => new Promise<void>((resolve) => log.end(resolve)));

  return {
    stderrTail: (count = STDERR_TAIL_LINES) => tail.slice(-count),
    get sawAddressInUse() {
      return sawAddressInUse;
    },
    listening,
    closed,
    note: (line) => {
      if (!log.writableEnded) log.write(`${options.redact(line)}\n`);
    },
  };
}

/** A NeMo Gym server prefixes its own lines with `(<name>) ` (server_utils' prefix_server_logs): keep one. */
function withoutOwnPrefix(line: string, prefix: string): string {
  return line.startsWith(prefix) ? line.slice(prefix.length) : line;
}

/** Stack frames and noise that make a failure's output long without saying more (the log keeps them). */
const FRAME_OR_NOISE = [
  /^\s+at\s/, // a Node stack frame
  /^\s*File ".*", line \d+/, // a Python traceback frame (its source line follows, indented deeper)
  /^\s*\^+\s*$|^\s*~*\^+~*\s*$/, // caret markers under a source line
  /^Node\.js v\d/, // Node's version footer after an uncaught exception
  /^\s*[{}]?\s*$/, // blank lines and the braces around an error's properties
];
/** Node prints the source line of an uncaught exception under its location: noise when that is Node's own code. */
const NODE_INTERNAL_LOCATION = /^node:internal\/\S+:\d+$/;

/** The end of a failed server's output, frames and blank lines left out: what says why, in a few lines. */
export function conciseTail(lines: readonly string[], max = 8): string[] {
  const kept: string[] = [];
  let afterPythonFrame = false;
  let afterInternalLocation = false;
  for (const line of lines) {
    const skipSource = afterInternalLocation;
    afterInternalLocation = NODE_INTERNAL_LOCATION.test(line);
    if (afterInternalLocation || skipSource) continue;
    const isPythonFrame = /^\s*File ".*", line \d+/.test(line);
    // The source line printed under a Python frame is indented deeper than the frame itself.
    const isFrameSource: boolean = afterPythonFrame && /^\s{4,}\S/.test(line);
    afterPythonFrame = isPythonFrame || (afterPythonFrame && isFrameSource);
    if (isPythonFrame || isFrameSource || FRAME_OR_NOISE.some((pattern) => pattern.test(line))) continue;
    kept.push(line);
  }
  return kept.slice(-max);
}

/** Detail lines for a server's failure: the concise end of its output and its log file. */
export function outputDetails(stderrTail: readonly string[], logFile: string): string[] {
  const tail = conciseTail(stderrTail);
  const shown = displayPath(logFile, process.cwd());
  return tail.length > 0 ? ['its output ends with:', ...tail.map((line) => `  ${line}`), `log:     ${shown} (all of its output)`] : [`its output: (none on stderr)`, `log:     ${shown}`];
}
