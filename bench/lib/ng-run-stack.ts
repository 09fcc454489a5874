// A stack brought up with `ng_run` as a user would, known through its head server: when every server
// is healthy, their URLs, and how long Ctrl-C takes to leave no process behind.
import getPort from 'get-port';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { isAlive, waitUntilGone } from '../../test/helpers/processes.ts';
import { startCli, type CliProcess } from './cli-process.ts';

/** One row of the head server's `GET /server_instances`. */
export interface ServerInstanceRow {
  name: string;
  server_type: string;
  implementation: string;
  url: string;
  pid: number;
  health: string;
}

export interface NgRunStack {
  cli: CliProcess;
  headUrl: string;
  instances: ServerInstanceRow[];
  /** ms from spawning `ng_run` to the head server listing every server as healthy. */
  readyMs: number;
  /** URL of the server with this top-level name (throws when there is none). */
  urlOf: (name: string) => string;
  /** SIGINT to ng_run; resolves with ms until it and every process it started are gone. */
  stop: () => Promise<{ goneMs: number; exitCode: number | null; leftAlive: number[] }>;
}

async function fetchInstances(headUrl: string): Promise<ServerInstanceRow[] | undefined> {
  try {
    const response = await request(`${headUrl}/server_instances`, { headersTimeout: 1000, bodyTimeout: 1000 });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    return (await response.body.json()) as ServerInstanceRow[];
  } catch {
    return undefined;
  }
}

/**
 * Start `ng_run "+config_paths=[...]" ...overrides` and wait until all servers are healthy: the moment ng_run says so
 * (`all N servers healthy in ...`, what a user waits for) and its head server agrees (then polled every `pollMs`
 * until it does). Polling the head server from the start instead, every 5 ms for the ~1.5 s the servers take to
 * start, loaded the two cores the eight processes start on with ~300 requests, and measured that too.
 */
export async function startNgRun(configPaths: readonly string[], overrides: readonly string[], env: Record<string, string> = {}, timeoutMs = 60_000, pollMs = 5): Promise<NgRunStack> {
  const headPort = await getPort({ host: '127.0.0.1' });
  const headUrl = `http://127.0.0.1:${headPort}`;
  const cli = startCli('ng_run', [`+config_paths=[${configPaths.join(',')}]`, `+head_server.port=${headPort}`, ...overrides], env);
  let exited = false;
  void cli.exited.then(() => (exited = true));
  let announced = false;
  const announcement = cli.waitForLine(/^all \d+ servers healthy in /, timeoutMs).then((found) => void (announced = found));
  let readyAt = Number.NaN;
  let instances: ServerInstanceRow[] | undefined;
  while (!exited && performance.now() - cli.startedAt < timeoutMs) {
    // Until ng_run says so, the head server is asked only every quarter second, in case the line never comes.
    if (!announced) await Promise.race([announcement, sleep(250)]);
    readyAt = performance.now();
    instances = await fetchInstances(headUrl);
    if (instances && instances.length > 0 && instances.every((row) => row.health === 'healthy')) break;
    instances = undefined;
    if (announced) await sleep(pollMs);
  }
  if (!instances) {
    await cli.kill();
    const why = exited ? 'ng_run exited before its servers were healthy' : `servers not all healthy within ${timeoutMs} ms`;
    process.stderr.write(`[bench] ${why}; its output:\n${cli.outputTail()}\n`);
    const lastError = cli.outputTail().split('\n').findLast((line) => /error/i.test(line)) ?? '';
    throw new Error(`${why}: ${lastError.trim()}`);
  }
  const readyMs = readyAt - cli.startedAt;
  const ready = instances;
  const stop = async () => {
    // A user presses Ctrl-C once ng_run has printed its table and says so; not earlier.
    await cli.waitForLine(/press Ctrl-C|Ctrl-C to stop/i, 10_000);
    const pids = [...new Set([...cli.processTree(), ...ready.map((row) => row.pid)])];
    const sentAt = performance.now();
    cli.child.kill('SIGINT');
    let goneAt = sentAt;
    while (pids.some(isAlive) && performance.now() - sentAt < 10_000) {
      await sleep(2);
      goneAt = performance.now();
    }
    const leftAlive = pids.filter(isAlive);
    if (leftAlive.length > 0) {
      await cli.kill();
      await waitUntilGone(leftAlive, 2000);
    }
    const { code } = await cli.exited;
    return { goneMs: goneAt - sentAt, exitCode: code, leftAlive };
  };
  const urlOf = (name: string) => {
    const row = ready.find((r) => r.name === name);
    if (!row) throw new Error(`no server named ${name} in ${ready.map((r) => r.name).join(', ')}`);
    return row.url;
  };
  return { cli, headUrl, instances: ready, readyMs, urlOf, stop };
}
