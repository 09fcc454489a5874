// Rollout files written by hand for merge tests: rows, sidecars and a run manifest as the collector writes them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const INPUT_SHA = 'a'.repeat(64);
export const CONFIG_SHA = 'c'.repeat(64);

export interface HandRun {
  /** Rewards per task index: task -> rewards of its rollouts 0, 1, ... */
  rewards: Record<number, number[]>;
  agent?: string;
  /** Undefined: no manifest (a plain JSONL from elsewhere). */
  manifest?: { shard?: { index: number; count: number } | null; input_sha256?: string; config_sha256?: string; settings?: Record<string, unknown> };
  /** Failures sidecar rows: [task, rollout, class]. */
  failures?: [number, number, string][];
  materialized?: boolean;
}

/** Write `<dir>/<name>.jsonl` and, as asked, its failures, materialized inputs and manifest. */
export function writeHandRun(dir: string, name: string, run: HandRun): string {
  const agent_ref = { name: run.agent ?? 'hand_agent' };
  const rows: string[] = [];
  const materialized: string[] = [];
  for (const [task, rewards] of Object.entries(run.rewards)) {
    for (const [rollout, reward] of rewards.entries()) {
      const indices = { _ng_task_index: Number(task), _ng_rollout_index: rollout };
      rows.push(JSON.stringify({ responses_create_params: { input: `task ${task}` }, response: { output: [], usage: { input_tokens: 10 + Number(task), output_tokens: 2 } }, reward, agent_ref, ...indices }));
      materialized.push(JSON.stringify({ responses_create_params: { input: `task ${task}` }, agent_ref, ...indices }));
    }
  }
  for (const [task, rollout] of run.failures ?? []) materialized.push(JSON.stringify({ responses_create_params: { input: `task ${task}` }, agent_ref, _ng_task_index: task, _ng_rollout_index: rollout }));
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, rows.map((line) => `${line}\n`).join(''));
  if (run.materialized !== false) writeFileSync(join(dir, `${name}_materialized_inputs.jsonl`), materialized.map((line) => `${line}\n`).join(''));
  if (run.failures) {
    const failures = run.failures.map(([task, rollout, failureClass]) => JSON.stringify({ _ng_task_index: task, _ng_rollout_index: rollout, agent_ref, _ng_attempt_index: 0, _ng_failure_class: failureClass, error: 'failed' }));
    writeFileSync(join(dir, `${name}_failures.jsonl`), failures.map((line) => `${line}\n`).join(''));
  }
  if (run.manifest) {
    const manifest = {
      format: 'rollout-gym-run/1',
      input: { path: 'data/input.jsonl', bytes: 1234, sha256: run.manifest.input_sha256 ?? INPUT_SHA },
      settings: { agent_name: null, limit: 0, num_repeats: 2, num_repeats_add_seed: false, responses_create_params: {}, ...run.manifest.settings },
      started_at: '2026-01-01T00:00:00.000Z',
      shard: run.manifest.shard ?? null,
      config_sha256: run.manifest.config_sha256 ?? CONFIG_SHA,
    };
    writeFileSync(join(dir, `${name}_run_manifest.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return path;
}

/** Round-robin tasks of `tasks` for shard `index` of `count`, two rollouts each with rewards 1, 0. */
export function roundRobin(tasks: number, index: number, count: number): Record<number, number[]> {
  const rewards: Record<number, number[]> = {};
  for (let task = index; task < tasks; task += count) rewards[task] = [1, task % 2];
  return rewards;
}
