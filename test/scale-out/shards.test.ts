// +num_shards / +shard_index: the partition by task, the run manifest's shard identity, and the errors a user meets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shardOfTask } from '../../src/rollouts/shard-partition.ts';
import { configSha256 } from '../../src/rollouts/config-digest.ts';
import { spawnCli } from '../helpers/cli.ts';
import { startFakeAgent } from '../fixtures/agents/start-fake-agent.ts';
import { assertAllGone, keysOf, readJsonlFile, tempDir, writeInput } from '../rollouts/collect-helpers.ts';

test('the partition is round-robin over task indices: the same answer for every caller, every shard a like share', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((task) => shardOfTask(task, 3)), [0, 1, 2, 0, 1, 2, 0]);
  assert.deepEqual([0, 1, 2].map((task) => shardOfTask(task, 1)), [0, 0, 0]);
  assert.equal(shardOfTask(-1, 3), 2, 'an explicit negative _ng_task_index still lands in a shard');
  const sizes = [0, 0, 0, 0];
  for (let task = 0; task < 1001; task++) sizes[shardOfTask(task, 4)]!++;
  assert.deepEqual(sizes, [251, 250, 250, 250]);
});

test('config_sha256 ignores what differs between shards of one command (ports, hosts, secrets, outputs, shard) and nothing else', () => {
  const tree = (overrides: Record<string, unknown> = {}, model: Record<string, unknown> = {}) => ({
    split: 'example',
    num_repeats: 2,
    policy_model: { responses_api_models: { openai_model: { entrypoint: 'app.ts', openai_model: 'gpt', host: '127.0.0.1', port: 4000, ...model } } },
    head_server: { host: '127.0.0.1', port: 11000 },
    output_jsonl_fpath: 'results/shard_0.jsonl',
    shard_index: 0,
    num_shards: 3,
    policy_api_key: 'sk-one',
    ...overrides,
  });
  const base = configSha256(tree());
  assert.match(base, /^[0-9a-f]{64}$/);
  const sameRun = tree({ output_jsonl_fpath: 'results/shard_1.jsonl', shard_index: 1, head_server: { port: 0 }, policy_api_key: 'sk-two', resume_from_cache: true, num_samples_in_parallel: 8 }, { host: '10.0.0.5', port: 5000 });
  assert.equal(configSha256(sameRun), base, 'ports, hosts, secrets, outputs, shard choice and resume do not count');
  assert.equal(configSha256(Object.fromEntries(Object.entries(tree()).reverse())), base, 'key order does not count');
  assert.notEqual(configSha256(tree({}, { openai_model: 'another-model' })), base, 'the model does');
  assert.notEqual(configSha256(tree({ num_repeats: 3 })), base, 'the repeats do');
});

test('ng_collect_rollouts shards run side by side: their union is the unsharded set, each task in one shard, indices global', async () => {
  const dir = tempDir();
  const agent = await startFakeAgent({ FAKE_AGENT_DELAY_MS: '5' });
  const input = writeInput(join(dir, 'in.jsonl'), 10);
  const args = (out: string, ...extra: string[]) => [`+head_server.port=${agent.port}`, `+input_jsonl_fpath=${input}`, `+output_jsonl_fpath=${join(dir, out)}`, '+agent_name=fake_agent', '+num_repeats=3', ...extra];
  const whole = await spawnCli('ng_collect_rollouts', args('whole.jsonl'));
  assert.equal(whole.exitCode, 0, String(whole.stderr));
  const shards = await Promise.all([0, 1, 2].map((index) => spawnCli('ng_collect_rollouts', args(`shard_${index}.jsonl`, '+num_shards=3', `+shard_index=${index}`))));
  const fromEnv = await spawnCli('ng_collect_rollouts', args('from_env.jsonl', '+num_shards=3', '+shard_index=${oc.env:SLURM_ARRAY_TASK_ID}'), { env: { SLURM_ARRAY_TASK_ID: '1' } });
  await agent.stop();

  const manifestOf = (name: string) => JSON.parse(readFileSync(join(dir, `${name}_run_manifest.json`), 'utf8')) as Record<string, any>;
  for (const [index, shard] of shards.entries()) {
    assert.equal(shard.exitCode, 0, String(shard.stderr));
    assert.match(String(shard.stdout), new RegExp(`Materialized ${index === 0 ? 12 : 9} rollouts \\(shard_index=${index} of num_shards=3: ${index === 0 ? 4 : 3} of 10 tasks\\) from 10 input rows`));
    const rows = readJsonlFile(join(dir, `shard_${index}.jsonl`));
    assert.ok(rows.every((row) => Number(row._ng_task_index) % 3 === index), `shard ${index} holds exactly the tasks t with t mod 3 = ${index}`);
    assert.ok(rows.every((row) => (row.responses_create_params as { input: string }).input === `question ${row._ng_task_index}`), 'task indices stay global');
    assert.deepEqual(manifestOf(`shard_${index}`).shard, { index, count: 3 });
    assert.equal(manifestOf(`shard_${index}`).input.sha256, manifestOf('whole').input.sha256);
    assert.equal(manifestOf(`shard_${index}`).config_sha256, manifestOf('whole').config_sha256, 'every shard and the unsharded run agree on the config');
  }
  assert.equal(manifestOf('whole').shard, null, 'an unsharded run says so');
  const union = [0, 1, 2].flatMap((index) => readJsonlFile(join(dir, `shard_${index}.jsonl`)));
  assert.deepEqual(keysOf(union), keysOf(readJsonlFile(join(dir, 'whole.jsonl'))), 'all repeats of every task, each once');
  assert.equal(fromEnv.exitCode, 0, String(fromEnv.stderr));
  assert.deepEqual(keysOf(readJsonlFile(join(dir, 'from_env.jsonl'))), keysOf(readJsonlFile(join(dir, 'shard_1.jsonl'))), 'SLURM_ARRAY_TASK_ID=1 chose shard 1');
  await assertAllGone([agent.process.pid]);
});

test('shard mistakes are reported before anything runs: no shard_index, an index out of range, resuming another shard\'s files', async () => {
  const dir = tempDir();
  const input = writeInput(join(dir, 'in.jsonl'), 4);
  const base = [`+input_jsonl_fpath=${input}`, `+output_jsonl_fpath=${join(dir, 'out.jsonl')}`, '+agent_name=fake_agent'];

  const noIndex = await spawnCli('ng_collect_rollouts', [...base, '+num_shards=4']);
  assert.equal(noIndex.exitCode, 1);
  assert.match(String(noIndex.stderr), /num_shards=4 \(command line `\+num_shards=4`\) needs shard_index: which of the 4 shards should this command collect\?/);
  assert.match(String(noIndex.stderr), /\+shard_index=\$\{oc\.env:SLURM_ARRAY_TASK_ID\}/);
  assert.doesNotMatch(String(noIndex.stderr), /launcher/, 'ng_collect_rollouts has no launcher to offer');

  const e2eNoIndex = await spawnCli('ng_e2e_collect_rollouts', ['+config_paths=[configs/quickstart.yaml]', '+split=example', `+output_jsonl_fpath=${join(dir, 'e2e.jsonl')}`, '+num_shards=2']);
  assert.equal(e2eNoIndex.exitCode, 1);
  assert.match(String(e2eNoIndex.stderr), /or launch all 2 shards and their merge with \+launcher=slurm, \+launcher=kubernetes or \+launcher=local/);

  const outOfRange = await spawnCli('ng_collect_rollouts', [...base, '+num_shards=3', '+shard_index=3']);
  assert.equal(outOfRange.exitCode, 1);
  assert.match(String(outOfRange.stderr), /shard_index=3 \(command line `\+shard_index=3`\) is out of range: with num_shards=3 the shards are 0\.\.2/);

  const unsetEnv = await spawnCli('ng_collect_rollouts', [...base, '+num_shards=3', '+shard_index=${oc.env:SLURM_ARRAY_TASK_ID}'], { env: { SLURM_ARRAY_TASK_ID: undefined } });
  assert.equal(unsetEnv.exitCode, 1);
  assert.match(String(unsetEnv.stderr), /\$SLURM_ARRAY_TASK_ID: used by shard_index/);

  const agent = await startFakeAgent();
  const head = `+head_server.port=${agent.port}`;
  const first = await spawnCli('ng_collect_rollouts', [...base, head, '+num_shards=2', '+shard_index=0']);
  assert.equal(first.exitCode, 0, String(first.stderr));
  const other = await spawnCli('ng_collect_rollouts', [...base, head, '+num_shards=2', '+shard_index=1', '+resume_from_cache=true']);
  await agent.stop();
  assert.equal(other.exitCode, 1);
  assert.match(String(other.stderr), /cannot resume: this run differs from the one that was started\n\s+- shard: was shard_index=0 of num_shards=2, now shard_index=1 of num_shards=2/);
  assert.equal(readJsonlFile(join(dir, 'out.jsonl')).length, 2, 'the first shard\'s rollouts are untouched');
});
