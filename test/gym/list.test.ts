import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, spawnCli } from '../helpers/cli.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

const gym = (args: readonly string[], options = {}) => spawnCli('gym', ['list', ...args], options);
const root = repoRoot.replace(/\/$/, '');

test('gym list resources-servers: name, domain, datasets, where it was found and description, from their configs', async () => {
  const result = await gym(['resources-servers']);
  assert.equal(result.exitCode, 0, String(result.stderr));
  const out = String(result.stdout);
  assert.match(out, new RegExp(`^Available resources servers \\(3\\), from ${root}:\\n\\nNAME +DOMAIN +DATASETS +SOURCE +DESCRIPTION\\n`));
  assert.match(out, /^example_multi_step +instruction_following +train, validation, example +package +Multi-step tool calling with ordered extraction$/m);
  assert.match(out, /^example_simple_weather\/simple_weather +agent +example +package +Basic single-step tool calling$/m);
  assert.match(out, /^workplace_assistant +agent +train, validation, example +package +Workplace assistant multi-step tool-using environment$/m);
});

test('gym list --json, for each kind', async () => {
  const servers = JSON.parse(String((await gym(['resources-servers', '--json'])).stdout)) as Record<string, any>[];
  const weather = servers.find((entry) => entry.name === 'example_simple_weather/simple_weather')!;
  assert.equal(weather.kind, 'resources_server');
  assert.equal(weather.domain, 'agent');
  assert.deepEqual(weather.datasets, [{ name: 'example', type: 'example', jsonl_fpath: 'resources_servers/example_simple_weather/data/example.jsonl' }]);
  assert.deepEqual(weather.agents, ['simple_weather_simple_agent']);
  assert.equal(weather.config, join(root, 'resources_servers/example_simple_weather/configs/simple_weather.yaml'));
  assert.equal(weather.source, 'package');

  const environments = JSON.parse(String((await gym(['environments', '--json'])).stdout)) as Record<string, any>[];
  assert.deepEqual(environments.map((entry) => [entry.name, entry.kind]), [['example_multi_step', 'environment'], ['example_simple_weather/simple_weather', 'environment'], ['workplace_assistant', 'environment']]);
  const agents = JSON.parse(String((await gym(['agents', '--json'])).stdout)) as Record<string, any>[];
  assert.deepEqual(agents.map((entry) => [entry.name, entry.pattern, entry.self_contained, entry.variants]), [['simple_agent', 'A (composable)', false, ['simple_agent']]]);
  const models = JSON.parse(String((await gym(['models', '--json'])).stdout)) as Record<string, any>[];
  assert.deepEqual(models.map((entry) => [entry.name, entry.model, entry.model_group]), [['offline_model', 'offline_model', 'offline_model'], ['openai_model', 'openai_model', 'openai_model'], ['vllm_model', 'vllm_model', 'vllm_model']]);
  assert.match(models[0]!.description, /deterministic, offline, no key/);
});

test('gym list <kind> NAME inspects one component, as text or JSON', async () => {
  const text = await gym(['resources-servers', 'workplace_assistant']);
  assert.equal(text.exitCode, 0);
  assert.match(
    String(text.stdout),
    new RegExp(
      '^The workplace_assistant resources server \\(domain: agent\\)\\n\\nWorkplace assistant multi-step tool-using environment\\nValue: Improve multi-step tool use capability\\n\\nDetails:\\n' +
        `config: ${root}/resources_servers/workplace_assistant/configs/workplace_assistant.yaml\\nsource: package \\(${root}\\)\\nagents: workplace_assistant_simple_agent\\n` +
        'datasets: train \\(train\\) resources_servers/workplace_assistant/data/train.jsonl, .*\\n\\nUsage example:\\n' +
        'gym eval run --resources-server workplace_assistant --model-type offline_model --split example --output results/workplace_assistant.jsonl$',
    ),
  );
  const json = JSON.parse(String((await gym(['models', 'offline_model', '--json'])).stdout));
  assert.deepEqual(Object.keys(json), ['name', 'type', 'domain', 'description', 'details', 'usage_example']);
  assert.equal(json.type, 'model');
  assert.equal(json.usage_example, 'gym env start --resources-server example_simple_weather --model-type offline_model');
});

test('--search-dir adds a root searched first: its components are listed, and shadow built-ins of the same name', async () => {
  const extra = testTempDir('rg-list-root-');
  const write = (path: string, text: string): void => {
    mkdirSync(join(extra, path, '..'), { recursive: true });
    writeFileSync(join(extra, path), text);
  };
  write('resources_servers/my_quiz/configs/my_quiz.yaml', 'my_quiz_server:\n  resources_servers:\n    my_quiz:\n      entrypoint: app.ts\n      domain: math\n      description: My own quiz\n');
  write('resources_servers/workplace_assistant/configs/workplace_assistant.yaml', 'workplace_assistant:\n  resources_servers:\n    workplace_assistant:\n      entrypoint: app.ts\n      description: My fork\n');
  write('responses_api_models/my_model/configs/my_model.yaml', '# A model of my own. More words.\npolicy_model:\n  responses_api_models:\n    my_model:\n      entrypoint: app.ts\n');
  const cwd = testTempDir('rg-list-cwd-');
  const servers = await gym(['resources-servers', '--search-dir', extra], { cwd });
  assert.equal(servers.exitCode, 0, String(servers.stderr));
  const out = String(servers.stdout);
  assert.match(out, new RegExp(`^Available resources servers \\(4\\), from ${extra}, ${cwd}, ${root}:`));
  assert.match(out, /^my_quiz +math +search-dir +My own quiz$/m);
  assert.match(out, /^workplace_assistant +search-dir +My fork$/m);
  assert.doesNotMatch(out, /Workplace assistant multi-step/);
  const models = await gym(['models', '--search-dir', extra], { cwd });
  assert.match(String(models.stdout), /^my_model +my_model +search-dir +A model of my own\.$/m);
});
