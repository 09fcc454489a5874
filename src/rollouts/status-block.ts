// A few lines kept at the bottom of a terminal and redrawn in place (like tqdm's bar); whatever else is
// written to the same terminal meanwhile (our log lines, a server's error lines) appears above them.
// It registers no signal handler: Ctrl-C stays the collector's to handle.

type Write = NodeJS.WritableStream['write'];

export interface StatusBlock {
  /** Replace the block's lines (each is cut to the terminal's width). */
  draw(lines: readonly string[]): void;
  /** Draw `lines` one last time, end the block with a newline and give the streams back. */
  close(lines: readonly string[]): void;
}

const CLEAR_TO_END = '\x1b[J';

/**
 * Keep a block at the bottom of `terminal`. Writes to `terminal` and to `alsoOnScreen` (e.g. stdout when the
 * block is on stderr of the same terminal) are put above the block until `close()`.
 */
export function createStatusBlock(terminal: NodeJS.WritableStream, alsoOnScreen: readonly NodeJS.WritableStream[] = []): StatusBlock {
  const streams = [...new Set([terminal, ...alsoOnScreen])];
  const originals = new Map<NodeJS.WritableStream, Write>(streams.map((stream) => [stream, stream.write]));
  const rawWrite = (text: string): void => void originals.get(terminal)!.call(terminal, text);
  let shown = 0; // lines of the block on screen now
  let lines: readonly string[] = [];
  let atLineStart = true; // false while a foreign write has left a partial line
  let closed = false;

  const erase = (): void => {
    if (shown === 0) return;
    rawWrite(`${shown > 1 ? `\x1b[${shown - 1}A` : ''}\r${CLEAR_TO_END}`);
    shown = 0;
  };
  const render = (): void => {
    if (!atLineStart || lines.length === 0) return;
    const width = Math.max(20, ((terminal as { columns?: number }).columns ?? 80) - 1);
    rawWrite(lines.map((line) => cut(line, width)).join('\n'));
    shown = lines.length;
  };

  for (const stream of streams) {
    const original = originals.get(stream)!;
    stream.write = function writeAboveBlock(this: NodeJS.WritableStream, chunk: unknown, ...rest: unknown[]): boolean {
      erase();
      const result = (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : '';
      if (text.length > 0) atLineStart = text.endsWith('\n');
      render();
      return result;
    } as Write;
  }

  return {
    draw(next) {
      if (closed) return;
      lines = next;
      erase();
      render();
    },
    close(last) {
      if (closed) return;
      closed = true;
      for (const [stream, original] of originals) stream.write = original;
      lines = last;
      erase();
      if (!atLineStart) rawWrite('\n');
      atLineStart = true;
      render();
      if (shown > 0) rawWrite('\n');
    },
  };
}

/** Cut `line` to `width` terminal cells (every character counts as one; ours are all narrow). */
function cut(line: string, width: number): string {
  const chars = [...line];
  return chars.length <= width ? line : `${chars.slice(0, width - 1).join('')}…`;
}
