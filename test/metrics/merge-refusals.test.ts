// ng_aggregate_rollouts refuses shards that do not belong together, overlap or leave a gap: it names the files
// and tasks, exits non-zero and leaves no output (a previous output stays as it was).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { join } from 'node:path';
import { spawnCli } from '../helpers/cli.ts';
import { tempDir } from '../rollouts/collect-helpers.ts';
import { assertExit, filesStartingWith } from './metrics-helpers.ts';
import { roundRobin, writeHandRun, type HandRun } from './shard-files.ts';

const shard = (index: number, extra: Partial<HandRun> = {}, manifest: NonNullable<HandRun['manifest']> = {}): HandRun => ({
  rewards: roundRobin(9, index, 3),
  manifest: { shard: { index, count: 3 }, ...manifest },
  ...extra,
});

async function aggregate(dir: string, glob = 'shard_*.jsonl', extra: string[] = []) {
  return spawnCli('ng_aggregate_rollouts', [`+input_glob=${glob}`, '+output_jsonl_fpath=merged.jsonl', ...extra], { cwd: dir });
}

/** A refusal: exit 1, the message names what is wrong, and no merged output (nor a temp file) exists. */
async function assertRefused(dir: string, glob: string, expected: RegExp[]): Promise<void> {
  const result = await aggregate(dir, glob);
  assertExit(result, 1);
  for (const pattern of expected) assert.match(String(result.stderr), pattern);
  assert.doesNotMatch(String(result.stdout), /Aggregate metrics:/);
  assert.deepEqual(filesStartingWith(dir, 'merged'), [], 'no output and no temp file is left');
}

test('shards of different inputs, configs or settings are refused, naming the files', async () => {
  const inputs = tempDir();
  writeHandRun(inputs, 'shard_0', shard(0));
  writeHandRun(inputs, 'shard_1', shard(1, {}, { input_sha256: 'b'.repeat(64) }));
  writeHandRun(inputs, 'shard_2', shard(2));
  await assertRefused(inputs, 'shard_*.jsonl', [/these shards are not shards of one run/, /shard_1\.jsonl has another input than shard_0\.jsonl: data\/input\.jsonl \(sha256 bbbbbbbbbbbb\) vs data\/input\.jsonl \(sha256 aaaaaaaaaaaa\)/]);

  const configs = tempDir();
  writeHandRun(configs, 'shard_0', shard(0));
  writeHandRun(configs, 'shard_1', shard(1));
  writeHandRun(configs, 'shard_2', shard(2, {}, { config_sha256: 'd'.repeat(64), settings: { limit: 5 } }));
  await assertRefused(configs, 'shard_*.jsonl', [/shard_2\.jsonl ran another config than shard_0\.jsonl: config_sha256 dddddddddddd vs cccccccccccc/, /shard_2\.jsonl ran limit=5, shard_0\.jsonl limit=0/]);
});

test('a shard index twice or one missing is refused, naming the files and the tasks; a previous output stays', async () => {
  const overlap = tempDir();
  for (const index of [0, 1, 2]) writeHandRun(overlap, `shard_${index}`, shard(index));
  writeHandRun(overlap, 'shard_1_rerun', shard(1));
  await assertRefused(overlap, 'shard_*.jsonl', [/the shards do not cover the run exactly once \(4 shard files for 3 shards\)/, /shard 1 of 3 appears 2 times \(overlap\): shard_1\.jsonl, shard_1_rerun\.jsonl/]);

  const gap = tempDir();
  writeHandRun(gap, 'shard_0', shard(0));
  writeHandRun(gap, 'shard_2', shard(2));
  writeFileSync(join(gap, 'merged.jsonl'), 'the previous merge\n');
  const result = await aggregate(gap);
  assertExit(result, 1);
  assert.match(String(result.stderr), /shard 1 of 3 missing \(gap\); tasks in no shard: 1, 4, 7/);
  assert.equal(readFileSync(join(gap, 'merged.jsonl'), 'utf8'), 'the previous merge\n', 'the previous output is untouched');
  assert.deepEqual(filesStartingWith(gap, 'merged'), ['merged.jsonl'], 'no metrics file, no sidecar, no temp file');
});

test('rollouts in two files are refused as an overlap naming both files and the tasks, even without manifests', async () => {
  const dir = tempDir();
  writeHandRun(dir, 'part_a', { rewards: { 0: [1, 0], 3: [1, 1] } });
  writeHandRun(dir, 'part_b', { rewards: { 1: [0, 0], 3: [0, 1] } });
  const result = await aggregate(dir, 'part_*.jsonl');
  assertExit(result, 1);
  assert.match(String(result.stdout), /note: not checked \(no run manifest beside them; that they belong together is up to you\): part_a\.jsonl, part_b\.jsonl/);
  assert.match(String(result.stderr), /the rollouts overlap: 2 rollouts \(agent, _ng_task_index, _ng_rollout_index\) appear more than once/);
  assert.match(String(result.stderr), /part_a\.jsonl and part_b\.jsonl both hold: hand_agent task 3 \(rollouts 0, 1\)/);
  assert.match(String(result.stderr), /\+shard_mode=replica/, 'the hint names replica mode');
  assert.deepEqual(filesStartingWith(dir, 'merged'), []);
  const nested = await spawnCli('ng_aggregate_rollouts', ['+input_glob=part_*.jsonl', '+output_jsonl_fpath=new/sub/merged.jsonl'], { cwd: dir });
  assertExit(nested, 1);
  assert.equal(existsSync(join(dir, 'new')), false, 'a folder created for the output is removed again');
});

test('a shard without a manifest is merged with a note that it could not be checked', async () => {
  const dir = tempDir();
  writeHandRun(dir, 'shard_0', shard(0));
  writeHandRun(dir, 'shard_1', shard(1, { failures: [[9, 0, 'timeout']] }));
  writeHandRun(dir, 'shard_2', { rewards: roundRobin(9, 2, 3) });
  const result = await aggregate(dir);
  assertExit(result, 0);
  assert.match(String(result.stdout), /note: not checked \(no run manifest beside it; that they belong together is up to you\): shard_2\.jsonl/);
  assert.match(String(result.stdout), /note: no file with a manifest is shard 2 of 3; tasks in no shard: 2, 5, 8; a file without a manifest may be it/);
  const [metrics] = JSON.parse(readFileSync(join(dir, 'merged_aggregate_metrics.json'), 'utf8')) as Record<string, any>[];
  assert.deepEqual(metrics!.coverage, { attempted: 19, succeeded: 18, failed: 1, failed_by_class: { timeout: 1 }, expected: 19, not_attempted: 0 });
  assert.equal(readFileSync(join(dir, 'merged.jsonl'), 'utf8').split('\n').filter(Boolean).length, 18);
});
