// The fault suite's shared pieces: a workspace (its own folder, env.yaml and run registry), the weather stack against
// the upstream double, the real CLI as a child process, process tracking, and a real terminal (`script`) for Ctrl-C.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../helpers/free-port.ts';
import type { Options, ResultPromise } from 'execa';
import { mainPath, repoRoot, spawnCli } from '../helpers/cli.ts';
import { descendantsOf, isAlive, waitUntilGone } from '../helpers/processes.ts';
import { startUpstreamDouble, type UpstreamDouble } from '../fixtures/upstream-double/start-double.ts';
import type { BehaviourScript } from '../fixtures/upstream-double/behaviour.ts';
import { writeWeatherRows } from '../rollouts/collect-helpers.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

export { writeWeatherRows };

/** The policy model (openai_model) and the weather environment with its agent. */
export const WEATHER_CONFIGS = 'responses_api_models/openai_model/configs/openai_model.yaml,resources_servers/example_simple_weather/configs/simple_weather.yaml';
export const AGENT = 'simple_weather_simple_agent';
export const API_KEY = 'rg-fault-suite-key-5c1f9e';

export interface Workspace {
  dir: string;
  /** Environment for every command: its own run registry, no colour, short shutdown grace. */
  env: Record<string, string>;
}

/** A fresh folder with env.yaml pointing the policy model at `upstream` (the key on line 2). */
export function workspace(upstream?: UpstreamDouble, options: { apiKey?: string; dir?: string } = {}): Workspace {
  const dir = options.dir ?? testTempDir('rg-faults-');
  if (upstream) {
    writeFileSync(join(dir, 'env.yaml'), `policy_base_url: ${upstream.url}/v1\npolicy_api_key: ${options.apiKey ?? API_KEY}\npolicy_model_name: upstream-double\n`);
  }
  return { dir, env: { RG_RUNS_DIR: join(dir, 'runs') } };
}

/** The upstream double (auto mode: call the weather tool, then answer), with `latency_ms` per model call. */
export function startUpstream(script: BehaviourScript = {}, options: { apiKey?: string } = {}): Promise<UpstreamDouble> {
  return startUpstreamDouble(script, options);
}

/** Stack options every command that starts servers gets: a free head port, logs in the workspace, short deadlines. */
export async function stackArgs(ws: Workspace): Promise<string[]> {
  return [`+head_server.port=${await freePort()}`, `+log_dir=${join(ws.dir, 'logs')}`, '+shutdown_grace_s=2', '+server_startup_timeout_s=60'];
}

/** `ng_e2e_collect_rollouts` over `rows` weather tasks (their own dataset file), output `<dir>/run.jsonl`. */
export async function e2eArgs(ws: Workspace, rows: number, extra: string[] = []): Promise<string[]> {
  const dataset = writeWeatherRows(join(ws.dir, 'tasks.jsonl'), rows);
  return [
    `+config_paths=[${WEATHER_CONFIGS}]`,
    `++${AGENT}.responses_api_agents.simple_agent.datasets=[{name: tasks, type: example, jsonl_fpath: ${dataset}}]`,
    '+split=example',
    `+output_jsonl_fpath=${join(ws.dir, 'run.jsonl')}`,
    ...(await stackArgs(ws)),
    ...extra,
  ];
}

/** Run a command in the workspace (cwd = its folder, so its env.yaml applies). */
export function cli(ws: Workspace, command: string, args: readonly string[], options: Options = {}): ResultPromise {
  return spawnCli(command, args, { cwd: ws.dir, all: true, ...options, env: { ...ws.env, ...(options.env as Record<string, string> | undefined) } });
}

/** Every pid under `pid` seen while it runs, so the test can check that none outlives it. */
export function trackProcesses(pid: number): { pids: () => number[]; stop: () => void } {
  const seen = new Set<number>([pid]);
  const sample = (): void => {
    for (const child of descendantsOf(pid)) seen.add(child);
  };
  sample();
  const timer = setInterval(sample, 100);
  timer.unref();
  return { pids: () => [...seen], stop: () => clearInterval(timer) };
}

/** When a command has exited, every process it started must already be gone (a moment for the kernel to reap them). */
export async function assertNoProcessLeft(pids: readonly number[], what = 'the command'): Promise<void> {
  const left = await waitUntilGone(pids, 1500);
  assert.deepEqual(left.map((pid) => `${pid} ${cmdline(pid)}`), [], `no process started by ${what} may outlive it`);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 200);
  } catch {
    return '';
  }
}

export function readLines(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), `${path} ends with a whole line`);
  return text.split('\n').filter((line) => line !== '');
}

/** Parse every line (each must be whole JSON) and return the rollout keys `task:rollout`, sorted. */
export function rolloutKeys(path: string): string[] {
  return readLines(path)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .map((row) => `${row._ng_task_index}:${row._ng_rollout_index}`)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Wait until `path` has at least `count` lines; fail at once if the command ends first. */
export async function waitForLines(path: string, count: number, run: ResultPromise, timeoutMs = 60_000): Promise<void> {
  let ended: { exitCode?: number; all?: unknown } | undefined;
  void run.then((result) => (ended = result), () => undefined);
  const deadline = Date.now() + timeoutMs;
  while (readLinesLoose(path) < count) {
    if (ended) assert.fail(`the command ended (exit ${ended.exitCode}) before ${path} had ${count} lines:\n${String(ended.all)}`);
    if (Date.now() > deadline) assert.fail(`${path} did not reach ${count} lines in ${timeoutMs} ms`);
    await sleep(50);
  }
}

function readLinesLoose(path: string): number {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0;
}

/** Wait until the command's output matches `pattern`; fail if it ends first. */
export async function waitForOutput(run: ResultPromise, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  let text = '';
  let ended = false;
  void run.then(() => (ended = true), () => (ended = true));
  const onData = (chunk: Buffer): void => void (text += chunk.toString());
  run.all?.on('data', onData);
  const deadline = Date.now() + timeoutMs;
  try {
    while (!pattern.test(text)) {
      if (ended) assert.fail(`the command ended before printing ${pattern}:\n${text}`);
      if (Date.now() > deadline) assert.fail(`no ${pattern} within ${timeoutMs} ms:\n${text}`);
      await sleep(50);
    }
  } finally {
    run.all?.off('data', onData);
  }
}

/** A long-running `ng_run` of the weather stack for collectors to use; stop() ends it with Ctrl-C (SIGINT). */
export interface NgRun {
  headPort: number;
  run: ResultPromise;
  stop(): Promise<void>;
}

export async function startNgRun(ws: Workspace, extra: string[] = []): Promise<NgRun> {
  const args = [`+config_paths=[${WEATHER_CONFIGS}]`, ...(await stackArgs(ws)), ...extra];
  const headPort = Number(args.find((arg) => arg.startsWith('+head_server.port='))!.split('=')[1]);
  const run = cli(ws, 'ng_run', args);
  await waitForOutput(run, /press Ctrl-C to stop/);
  return {
    headPort,
    run,
    stop: async () => {
      if (isAlive(run.pid!)) run.kill('SIGINT');
      await run;
    },
  };
}

/** True when util-linux `script` is installed (the interactive cases need a real terminal). */
export function haveTerminal(): boolean {
  return spawnSync('script', ['--version']).status === 0;
}

/** Why the interactive cases are skipped, or false when they can run. */
export const skipWithoutTerminal = haveTerminal() ? false : 'util-linux `script` is not installed (apt-get install bsdutils): the interactive Ctrl-C cases need a real terminal';

/** A command running in a real pseudo-terminal (util-linux `script`), as a child of the test. */
export interface Terminal {
  /** pid of `script`; the command is its descendant. */
  pid: number;
  /** Type keys: 'C-c' for Ctrl-C, else literal text. */
  press(keys: string): void;
  /** Everything the terminal showed so far. */
  screen(): string;
  /** Wait until it exits; resolves with its exit status (128 + n when killed by signal n). */
  exited(timeoutMs?: number): Promise<number>;
  close(): void;
}

/**
 * Start `argv` in a new pseudo-terminal of 200x50 (its own session, the terminal's foreground process group), with
 * the given cwd and environment. Ctrl-C typed here is the terminal's SIGINT to that group, as for a user.
 */
export function openTerminal(argv: readonly string[], options: { cwd: string; env: Record<string, string> }): Terminal {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm-256color', ...options.env };
  const quoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  const command = `stty cols 200 rows 50; exec ${argv.map(quoted).join(' ')}`;
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => void (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => void (text += chunk.toString()));
  const exit = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(signal ? 128 + constants.signals[signal] : (code ?? 1))));
  return {
    pid: child.pid!,
    press: (keys) => void child.stdin.write(keys === 'C-c' ? '\x03' : keys),
    screen: () => text.replace(/\r\n/g, '\n'),
    exited: async (timeoutMs = 60_000) => {
      const timer = sleep(timeoutMs).then(() => undefined);
      const status = await Promise.race([exit, timer]);
      if (status !== undefined) return status;
      const tree = [child.pid!, ...descendantsOf(child.pid!)].map((pid) => `${pid} ${cmdline(pid)}`).join('\n');
      throw new Error(`the command in the terminal did not exit within ${timeoutMs} ms; its processes:\n${tree}\n${text}`);
    },
    close: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** `node src/cli/main.ts <command> ...` for a terminal. */
export function cliArgv(command: string, args: readonly string[]): string[] {
  return [process.execPath, mainPath, command, ...args];
}

export { repoRoot };
