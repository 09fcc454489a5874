// `ng_viewer +jsonl_fpath=<rollouts.jsonl>` (or `ng_viewer <rollouts.jsonl>`): browse rollouts in a local web page.
import { once } from 'node:events';
import { startViewer } from '../viewer/viewer.ts';
import { parseViewerOptions } from '../viewer/viewer-options.ts';
import type { Command } from './run-cli.ts';

export const ngViewer: Command = async (io) => {
  const options = parseViewerOptions(io.argv, io.cwd);
  // Listen before anything is printed: a Ctrl-C right after the URL appears must stop us cleanly, and
  // until a listener exists the kernel's default action kills the process.
  const abort = new AbortController();
  // Settles (never rejects) on the signal or when aborted: a startup error must not leave a rejected promise behind.
  const stopped = Promise.race([once(process, 'SIGINT', { signal: abort.signal }), once(process, 'SIGTERM', { signal: abort.signal })]).catch(() => undefined);
  const started = Date.now();
  const viewer = await startViewer(options).catch((error: unknown) => {
    abort.abort();
    throw error;
  });
  io.stdout.write(`Viewing ${options.jsonlPath}${options.comparePath ? ` (compared with ${options.comparePath})` : ''}\n`);
  io.stdout.write(`ng_viewer running at ${viewer.url}  (Ctrl-C to stop)\n`);
  void viewer.indexed.then(
    (rows) => io.stdout.write(`Indexed ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s; new rows appear live.\n`),
    () => undefined,
  );
  await stopped;
  abort.abort();
  await viewer.close();
  io.stdout.write('ng_viewer stopped.\n');
};
