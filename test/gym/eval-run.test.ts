import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { spawnCli } from '../helpers/cli.ts';
import { readJsonlFile } from '../rollouts/collect-helpers.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

function byKey(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return [...rows].sort((a, b) => (a._ng_task_index as number) - (b._ng_task_index as number) || (a._ng_rollout_index as number) - (b._ng_rollout_index as number));
}

test("the README's quick start as `gym eval run` gives the same rollouts and metrics as ng_e2e_collect_rollouts", { timeout: 180_000 }, async () => {
  const dir = testTempDir('rg-gym-run-');
  const hydra = await spawnCli('ng_e2e_collect_rollouts', ['+config_paths=[configs/quickstart.yaml]', '+split=example', `+output_jsonl_fpath=${join(dir, 'hydra.jsonl')}`, `+head_server.port=${await freePort()}`]);
  assert.equal(hydra.exitCode, 0, String(hydra.stderr));
  const flags = await spawnCli('gym', ['eval', 'run', '--config', 'configs/quickstart.yaml', '--split', 'example', '--output', join(dir, 'flags.jsonl'), `++head_server.port=${await freePort()}`]);
  assert.equal(flags.exitCode, 0, String(flags.stderr));

  const rollouts = byKey(readJsonlFile(join(dir, 'flags.jsonl')));
  assert.equal(rollouts.length, 15);
  assert.deepEqual(rollouts, byKey(readJsonlFile(join(dir, 'hydra.jsonl'))));
  assert.deepEqual(readJsonlFile(join(dir, 'flags_materialized_inputs.jsonl')), readJsonlFile(join(dir, 'hydra_materialized_inputs.jsonl')));
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'flags_aggregate_metrics.json'), 'utf8')), JSON.parse(readFileSync(join(dir, 'hydra_aggregate_metrics.json'), 'utf8')));
  // The same summary, but for the file names.
  const summary = (text: unknown, name: string) => String(text).slice(String(text).indexOf('Finished rollout collection')).replaceAll(name, 'NAME');
  assert.equal(summary(flags.stdout, 'flags'), summary(hydra.stdout, 'hydra'));
});
