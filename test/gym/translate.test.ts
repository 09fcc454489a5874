import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translateArguments } from '../../src/cli/gym/gym.ts';
import { LEAVES, type Leaf } from '../../src/cli/gym/leaves.ts';
import { parseLeafArguments } from '../../src/cli/gym/parse-args.ts';
import { repoRoot } from '../helpers/cli.ts';

function leaf(group: string, name: string): Leaf {
  return LEAVES.find((candidate) => candidate.group === group && candidate.name === name)!;
}

function translate(group: string, name: string, tokens: string[]): string[] {
  const command = leaf(group, name);
  return translateArguments(command, parseLeafArguments(command, 'gym', tokens), { cwd: repoRoot, env: {} });
}

test('flags become the overrides of NeMo Gym\'s keys; overrides mixed in pass through unchanged', () => {
  assert.deepEqual(
    translate('eval', 'run', ['--config', 'a.yaml', '--split=example', '-o', 'out/r.jsonl', '--concurrency', '8', '--num-repeats', '{a: 2, _default: 1}', '--temperature', '0.7', '--resume', '++responses_create_params.reasoning.effort=low', '--disable-aggregation']),
    // In the order NeMo Gym defines the flags (as it does), then the overrides.
    ['++config_paths=[a.yaml]', '++resume_from_cache=true', '++output_jsonl_fpath="out/r.jsonl"', '++num_repeats={a: 2, _default: 1}', '++num_samples_in_parallel=8', '++split="example"', '++responses_create_params.temperature=0.7', '++disable_aggregation=true', '++responses_create_params.reasoning.effort=low'],
  );
});

test('--config, the selectors and a +config_paths written among the overrides make one config_paths list', () => {
  assert.deepEqual(translate('env', 'start', ['--config', 'x.yaml', '+config_paths=[y.yaml,z.yaml]', '--model-type', 'offline_model', '--config', 'dir with space/c.yaml', '+k=1']), [
    '++config_paths=[x.yaml,"dir with space/c.yaml",responses_api_models/offline_model/configs/offline_model.yaml,y.yaml,z.yaml]',
    '+k=1',
  ]);
  // Without a flag naming configs, the user's own +config_paths stays as written.
  assert.deepEqual(translate('env', 'start', ['+config_paths=[y.yaml]']), ['+config_paths=[y.yaml]']);
});

test('a selector names a bare server with one config by that config; a value that looks like a number stays text', () => {
  assert.deepEqual(translate('env', 'resolve', ['--resources-server', 'example_simple_weather', '-m', '1.5', '--model-api-key', 'true']), [
    '++config_paths=[resources_servers/example_simple_weather/configs/simple_weather.yaml]',
    '++policy_model_name="1.5"',
    '++policy_api_key="true"',
  ]);
});

test('-v anywhere asks for +verbose; a list NAME becomes component_name; env test and init name the server directory', () => {
  assert.deepEqual(translate('list', 'models', ['offline_model', '--json', '-v']), ['++verbose=true', '++json=true', '++component_name="offline_model"']);
  assert.deepEqual(translate('env', 'test', ['--resources-server', 'example_multi_step']), ['++entrypoint="resources_servers/example_multi_step"']);
  assert.deepEqual(translate('env', 'init', ['--resources-server', 'brand_new']), ['++entrypoint="resources_servers/brand_new"']);
});

test('a stray word, a switch given a value, and a second NAME are usage errors', () => {
  assert.throws(() => translate('eval', 'run', ['oops']), /gym eval run: unexpected argument 'oops'/);
  assert.throws(() => translate('eval', 'run', ['--resume=yes']), /--resume is a switch and takes no value/);
  assert.throws(() => translate('list', 'agents', ['a', 'b']), /gym list agents: unexpected argument 'b'/);
});
