// Shared pieces of the metrics tests: a project with the scored_env fixture, a running stack, shard manifests.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port.ts';
import type { ResultPromise } from 'execa';
import { spawnCli } from '../helpers/cli.ts';
import { descendantsOf } from '../helpers/processes.ts';
import { tempDir } from '../rollouts/collect-helpers.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const OFFLINE_MODEL = 'responses_api_models/offline_model/configs/offline_model.yaml';

/** A working directory whose resources_servers/scored_env is the fixture; the config to run it with. */
export function scoredProject(): { cwd: string; configPaths: string } {
  const cwd = tempDir();
  mkdirSync(join(cwd, 'resources_servers'));
  symlinkSync(join(fixtures, 'resources_servers', 'scored_env'), join(cwd, 'resources_servers', 'scored_env'));
  return { cwd, configPaths: `+config_paths=[${join(fixtures, 'scored_env.yaml')},${OFFLINE_MODEL}]` };
}

export interface RunningStack {
  headPort: number;
  pids: number[];
  stop(): Promise<void>;
}

/** `ng_run` in `cwd` until its servers are healthy. */
export async function startStack(cwd: string, args: readonly string[]): Promise<RunningStack> {
  const headPort = await freePort();
  const stack: ResultPromise = spawnCli('ng_run', [...args, `+head_server.port=${headPort}`, `+log_dir=${join(cwd, 'logs')}`], { cwd });
  await new Promise<void>((resolve, reject) => {
    stack.stdout!.on('data', (chunk: Buffer) => {
      if (/servers healthy/.test(String(chunk))) resolve();
    });
    void stack.then((result) => reject(new Error(`ng_run exited early:\n${String(result.stdout)}\n${String(result.stderr)}`)));
  });
  const pids = [stack.pid!, ...descendantsOf(stack.pid!)];
  return {
    headPort,
    pids,
    stop: async () => {
      stack.kill('SIGINT');
      await stack;
    },
  };
}

/** Task rows with explicit `_ng_task_index` (so a slice keeps the global index) and a `score` each. */
export function scoredRows(scores: readonly number[], failing: ReadonlySet<number> = new Set()): Record<string, unknown>[] {
  return scores.map((score, task) => ({
    responses_create_params: { input: `task ${task}` },
    score,
    ...(failing.has(task) ? { fail: true } : {}),
    _ng_task_index: task,
  }));
}

export function writeRows(path: string, rows: readonly Record<string, unknown>[]): string {
  writeFileSync(path, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
  return path;
}

/** Rewrite a run manifest as a shard's (the d-scaleout contract): the whole input, shard {index, count}, config_sha256. */
export function markAsShard(manifestPath: string, shard: { index: number; count: number } | null, patch: Record<string, unknown> = {}): void {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(manifestPath, `${JSON.stringify({ ...manifest, shard, config_sha256: 'c0ffee'.repeat(10) + 'c0ff', ...patch }, null, 2)}\n`);
}

/** Every file in `dir` whose name starts with `stem` (outputs, sidecars and temp files alike). */
export function filesStartingWith(dir: string, stem: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(stem)).sort();
}

export function assertExit(result: { exitCode?: number; stdout?: unknown; stderr?: unknown }, code: number): void {
  assert.equal(result.exitCode, code, `exit ${result.exitCode}\nstdout:\n${String(result.stdout)}\nstderr:\n${String(result.stderr)}`);
}
