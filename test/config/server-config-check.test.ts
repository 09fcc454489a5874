// Server blocks are checked against their server's config-schema.ts when the config is resolved.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../src/config/paths.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { SCHEMA_MODULE } from '../../src/config/server-config-check.ts';
import { ConfigError } from '../../src/errors.ts';
import { tempProject } from './temp-project.ts';

const WEATHER = `example_simple_weather:
  resources_servers:
    example_simple_weather:
      entrypoint: app.ts
      domain: agent
weather_agent:
  responses_api_agents:
    simple_agent:
      entrypoint: app.ts
      resources_server:
        type: resources_servers
        name: example_simple_weather
      model_server:
        type: responses_api_models
        name: policy_model
      datasets:
      - name: example
        type: example
        jsonl_fpath: data/example.jsonl
policy_model:
  responses_api_models:
    openai_model:
      entrypoint: app.ts
      openai_base_url: http://127.0.0.1:9/v1
      openai_api_key: sk-do-not-print
      openai_model: m
`;

async function problemsOf(yaml: string, argv: string[] = [], files: Record<string, string> = {}): Promise<ConfigError> {
  using project = tempProject({ 'a.yaml': yaml, ...files });
  let caught: unknown;
  try {
    await resolveConfig({ argv: ['+config_paths=[a.yaml]', ...argv], cwd: project.dir, env: {} });
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
  return caught;
}

test('issue 12.9: a typo inside an agent block is caught before anything starts, with did-you-mean and file:line', async () => {
  const error = await problemsOf(WEATHER.replace('      resources_server:\n', '      resources_sever:\n'));
  assert.equal(
    error.message,
    '1 problem in server config blocks:\n' +
      "  - weather_agent.responses_api_agents.simple_agent.resources_sever (a.yaml:10:7): simple_agent has no key 'resources_sever'; did you mean 'resources_server'? (a required key)\n" +
      '      fix: rename it to resources_server',
  );
  assert.equal(error.key, 'weather_agent.responses_api_agents.simple_agent.resources_sever');
  assert.equal(error.source, 'a.yaml:10:7');
  assert.match(error.hint ?? '', /responses_api_agents\/simple_agent\/config-schema\.ts/);
});

test('every problem of every block in one error: wrong types, nested typos, dataset fields, secrets never shown', async () => {
  const yaml = WEATHER.replace('        name: policy_model\n', '        nmae: policy_model\n')
    .replace('jsonl_fpath: data/example.jsonl', 'jsonl_fpth: data/example.jsonl')
    .replace('openai_api_key: sk-do-not-print', 'openai_api_key: [sk-do-not-print]');
  const error = await problemsOf(yaml, ['++weather_agent.responses_api_agents.simple_agent.max_steps=ten', '++example_simple_weather.resources_servers.example_simple_weather.domain=maths']);
  assert.match(error.message, /^5 problems in server config blocks:/);
  assert.match(error.message, /- example_simple_weather\.resources_servers\.example_simple_weather\.domain = "maths" \(command line `\+\+example_simple_weather\.resources_servers\.example_simple_weather\.domain=maths`\): Invalid option: expected one of "math"\|"coding"/);
  assert.match(error.message, /- weather_agent\.responses_api_agents\.simple_agent\.max_steps = "ten" \(command line `\+\+weather_agent.*max_steps=ten`\): Invalid input: expected (number|int), received string\n {6}fix: set it to (a number|an integer)/);
  assert.match(error.message, /- weather_agent\.responses_api_agents\.simple_agent\.model_server\.nmae \(a\.yaml:15:15\): simple_agent has no key 'nmae'; did you mean 'name'\? \(a required key\)/);
  assert.match(error.message, /- weather_agent\.responses_api_agents\.simple_agent\.datasets\[0\]\.jsonl_fpth \(a\.yaml:19:21\): simple_agent has no key 'jsonl_fpth'; did you mean 'jsonl_fpath'\? \(a required key\)/);
  assert.match(error.message, /- policy_model\.responses_api_models\.openai_model\.openai_api_key = \*\*\*\* \(a\.yaml:25:7\): Invalid input: expected string, received array/);
  assert.doesNotMatch(error.message, /sk-do-not-print/);
});

test('a required key that is missing says where to add it', async () => {
  const error = await problemsOf(WEATHER.replace('      openai_model: m\n', ''));
  assert.match(error.message, /- policy_model\.responses_api_models\.openai_model\.openai_model: required by openai_model, not set\n {6}fix: add openai_model: \.\.\. under policy_model\.responses_api_models\.openai_model \(a\.yaml:22:5\)/);
});

test("NeMo Gym's vllm_model keys this port lacks pass at NeMo Gym's default and are refused otherwise", async () => {
  const vllm = 'policy_model:\n  responses_api_models:\n    vllm_model:\n      entrypoint: app.ts\n      base_url: http://127.0.0.1:9/v1\n      api_key: k\n      model: m\n      return_token_id_information: false\n      uses_reasoning_parser: true\n';
  using project = tempProject({ 'a.yaml': `${vllm}      sequential_reasoning_allowed: true\n      use_completions_api: false\n      tokenizer: null\n` });
  await resolveConfig({ argv: ['+config_paths=[a.yaml]'], cwd: project.dir, env: {} });
  const error = await problemsOf(`${vllm}      use_completions_api: true\n`);
  assert.match(error.message, /use_completions_api = true \(a\.yaml:10:28\): rollout-gym's vllm_model does not implement this \(NeMo Gym's Python vllm_model does\); remove it or set it to false/);
});

test("NeMo Gym's Python servers and servers without a config-schema.ts are not checked; a folder's own schema is", async () => {
  const python = 'agent:\n  responses_api_agents:\n    simple_agent:\n      entrypoint: app.py\n      anything: goes\n';
  using pythonProject = tempProject({ 'a.yaml': python, 'responses_api_agents/simple_agent/app.py': '' });
  await resolveConfig({ argv: ['+config_paths=[a.yaml]'], cwd: pythonProject.dir, env: {} });

  const own = 'mine:\n  resources_servers:\n    my_env:\n      entrypoint: app.ts\n      temprature: 1\n';
  using noSchema = tempProject({ 'a.yaml': own, 'resources_servers/my_env/app.ts': '' });
  await resolveConfig({ argv: ['+config_paths=[a.yaml]'], cwd: noSchema.dir, env: {} });

  const schema = `import { z } from '${import.meta.resolve('zod')}';\n` + "import { resourcesServerConfigSchema } from '" + join(packageRoot, 'src/config/server-config-schema.ts') + "';\nexport const configSchema = resourcesServerConfigSchema({ temperature: z.number() });\n";
  const error = await problemsOf(own, [], { 'resources_servers/my_env/app.ts': '', 'resources_servers/my_env/config-schema.ts': schema });
  assert.match(error.message, /- mine\.resources_servers\.my_env\.temprature \(a\.yaml:5:19\): my_env has no key 'temprature'; did you mean 'temperature'\? \(a required key\)/);
});

test('every shipped server folder declares its block, and every shipped config passes its check', async () => {
  const configs: string[] = [];
  for (const kind of ['resources_servers', 'responses_api_models', 'responses_api_agents']) {
    for (const implementation of readdirSync(join(packageRoot, kind))) {
      const dir = join(packageRoot, kind, implementation);
      assert.ok(existsSync(join(dir, SCHEMA_MODULE)), `${kind}/${implementation} has no ${SCHEMA_MODULE}`);
      if (existsSync(join(dir, 'configs'))) configs.push(...readdirSync(join(dir, 'configs')).map((file) => `${kind}/${implementation}/configs/${file}`));
    }
  }
  using project = tempProject();
  const policy = ['+policy_base_url=http://127.0.0.1:9/v1', '+policy_api_key=k', '+policy_model_name=m'];
  const offline = 'responses_api_models/offline_model/configs/offline_model.yaml';
  const weather = 'resources_servers/example_simple_weather/configs/simple_weather.yaml';
  const runs = [...configs, 'configs/quickstart.yaml'].map((config) => {
    if (config.startsWith('resources_servers/')) return [`+config_paths=[${config},${offline}]`];
    if (config.startsWith('responses_api_agents/')) return [`+config_paths=[${config},${weather},${offline}]`, '++simple_agent.responses_api_agents.simple_agent.resources_server.name=example_simple_weather'];
    return [`+config_paths=[${config}]`];
  });
  for (const argv of runs) {
    const resolved = await resolveConfig({ argv: [...argv, ...policy], cwd: project.dir, env: {} });
    assert.ok(resolved.servers.length > 0, argv[0]);
  }
});
