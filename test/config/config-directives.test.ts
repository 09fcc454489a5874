// NeMo Gym's _inherit_from / _copy / _delete_key: the rule table, real config shapes resolved end to end with their
// origins, and the errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyConfigDirectives } from '../../src/config/config-directives.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { ConfigError } from '../../src/errors.ts';
import { DIRECTIVE_RULES } from './config-directive-rules.ts';
import { tempProject } from './temp-project.ts';

for (const { rule, config, nemoGym, ours } of DIRECTIVE_RULES) {
  const expected = ours ?? nemoGym;
  test(`directive: ${rule}`, () => {
    const apply = () => applyConfigDirectives({ tree: structuredClone(config), origins: new Map() }).tree;
    if ('tree' in expected) {
      assert.deepEqual(apply(), expected.tree);
      return;
    }
    assert.throws(apply, (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.match(error.message, new RegExp(expected.error));
      assert.ok((error.hint ?? '').length > 10, 'the error says what to do');
      return true;
    });
  });
}

// Shapes of NeMo Gym's own configs (resources_servers/math_with_judge + benchmarks/math-500, benchmarks/xstest,
// conversational_tool_use_simulation's `_copy: policy_model`, benchmarks/nemotron_3_ultra's `_delete_key`),
// written here with our own server names and fields.
const SERVER_DIRS = {
  'resources_servers/judge_env/app.py': '',
  'responses_api_agents/simple_agent/app.py': '',
  'responses_api_models/openai_model/app.py': '',
  'responses_api_models/vllm_model/app.py': '',
  'responses_api_models/local_vllm_model/app.py': '',
};

const ENVIRONMENT_YAML = `judge_env:
  resources_servers:
    judge_env:
      entrypoint: app.py
      judge_model_server:
        type: responses_api_models
        name: policy_model
      should_use_judge: true
      domain: math
judge_env_simple_agent:
  responses_api_agents:
    simple_agent:
      entrypoint: app.py
      resources_server:
        type: resources_servers
        name: judge_env
      model_server:
        type: responses_api_models
        name: policy_model
      datasets:
      - name: train
        type: train
        jsonl_fpath: resources_servers/judge_env/data/train.jsonl
        license: Apache 2.0
`;

const BENCHMARK_YAML = `config_paths:
  - environment.yaml

bench_resources_server:
  _inherit_from: judge_env
  resources_servers:
    judge_env:
      should_use_judge: false

bench_simple_agent:
  _inherit_from: judge_env_simple_agent
  responses_api_agents:
    simple_agent:
      resources_server:
        name: bench_resources_server
      datasets:
        - name: bench
          type: benchmark
          jsonl_fpath: benchmarks/bench/data/bench.jsonl
          num_repeats: 4
`;

const MODEL_YAML = `policy_model:
  responses_api_models:
    openai_model:
      entrypoint: app.py
      openai_model: ${'${policy_model_name}'}
simulator_model:
  _copy: policy_model
`;

test('a benchmark inheriting an environment and its agent (math-500 shape): sources removed, own keys win, lists replaced', async () => {
  using project = tempProject({ ...SERVER_DIRS, 'environment.yaml': ENVIRONMENT_YAML, 'bench.yaml': BENCHMARK_YAML, 'model.yaml': MODEL_YAML });
  const resolved = await resolveConfig({ argv: ['+config_paths=[bench.yaml,model.yaml]', '+policy_model_name=m'], cwd: project.dir, env: {} });
  assert.deepEqual(resolved.servers.map((server) => server.name), ['bench_resources_server', 'bench_simple_agent', 'policy_model', 'simulator_model']);
  assert.equal(resolved.tree.judge_env, undefined);
  assert.equal(resolved.tree.judge_env_simple_agent, undefined);
  const environment = resolved.servers[0]!.config;
  assert.equal(environment.should_use_judge, false);
  assert.equal(environment.domain, 'math');
  assert.deepEqual(environment.judge_model_server, { type: 'responses_api_models', name: 'policy_model' });
  const agent = resolved.servers[1]!.config;
  assert.deepEqual(agent.resources_server, { type: 'resources_servers', name: 'bench_resources_server' });
  assert.deepEqual(agent.datasets, [{ name: 'bench', type: 'benchmark', jsonl_fpath: 'benchmarks/bench/data/bench.jsonl', num_repeats: 4 }]);
  // _copy: policy_model gives a second server with the same block, interpolations resolved in place.
  assert.deepEqual(resolved.servers[3]!.config, { entrypoint: 'app.py', openai_model: 'm' });
  assert.deepEqual(resolved.servers[2]!.config, { entrypoint: 'app.py', openai_model: 'm' });

  // Origins say where an inherited value was written and which directive brought it.
  assert.equal(
    resolved.origins.get('bench_resources_server.resources_servers.judge_env.domain'),
    "environment.yaml:9:15, inherited from 'judge_env' by _inherit_from at bench.yaml:5:18",
  );
  assert.equal(resolved.origins.get('bench_resources_server.resources_servers.judge_env.should_use_judge'), 'bench.yaml:8:25');
  assert.equal(resolved.origins.get('bench_simple_agent.responses_api_agents.simple_agent.resources_server.name'), 'bench.yaml:15:15');
  assert.equal(
    resolved.origins.get('bench_simple_agent.responses_api_agents.simple_agent.resources_server.type'),
    "environment.yaml:15:15, inherited from 'judge_env_simple_agent' by _inherit_from at bench.yaml:11:18",
  );
  assert.equal(resolved.origins.get('bench_simple_agent.responses_api_agents.simple_agent.datasets[0].num_repeats'), 'bench.yaml:20:24');
  assert.equal(resolved.origins.get('simulator_model.responses_api_models.openai_model.entrypoint'), "model.yaml:4:19, copied from 'policy_model' by _copy at model.yaml:7:10");
  assert.equal(resolved.origins.get('judge_env.resources_servers.judge_env.domain'), undefined);
});

test('an inheriting benchmark with no own keys (xstest shape), and a string-form inherit from the command line', async () => {
  using project = tempProject({ ...SERVER_DIRS, 'environment.yaml': ENVIRONMENT_YAML, 'model.yaml': MODEL_YAML });
  const resolved = await resolveConfig({
    argv: [
      '+config_paths=[environment.yaml,model.yaml]',
      '+policy_model_name=m',
      '+isolated_env={_inherit_from: judge_env}',
      '+isolated_agent={_inherit_from: judge_env_simple_agent, responses_api_agents: {simple_agent: {resources_server: {name: isolated_env}}}}',
      '++judge_model=${copy:policy_model}',
    ],
    cwd: project.dir,
    env: {},
  });
  assert.ok(resolved.servers.some((server) => server.name === 'isolated_env' && server.config.should_use_judge === true));
  assert.ok(!resolved.servers.some((server) => server.name === 'judge_env' || server.name === 'judge_env_simple_agent'));
  assert.deepEqual(resolved.servers.find((server) => server.name === 'isolated_agent')?.config.resources_server, { type: 'resources_servers', name: 'isolated_env' });
  assert.deepEqual(resolved.servers.find((server) => server.name === 'judge_model')?.config, { entrypoint: 'app.py', openai_model: 'm' });
  assert.equal(
    resolved.origins.get('judge_model.responses_api_models.openai_model.openai_model'),
    "model.yaml:5:21, copied from 'policy_model' by ${copy:policy_model} at command line `++judge_model=${copy:policy_model}`",
  );
});

test('_delete_key switches the implementation another config put in the same block (judge endpoints shape)', async () => {
  using project = tempProject({
    ...SERVER_DIRS,
    'local.yaml': 'judge:\n  responses_api_models:\n    local_vllm_model:\n      entrypoint: app.py\n      model: local\n',
    'remote.yaml': 'judge:\n  responses_api_models:\n    _delete_key: local_vllm_model\n    vllm_model:\n      entrypoint: app.py\n      model: remote\n',
  });
  const both = await resolveConfig({ argv: ['+config_paths=[local.yaml,remote.yaml]'], cwd: project.dir, env: {} });
  assert.deepEqual(both.servers.map((server) => [server.name, server.implementation, server.config.model]), [['judge', 'vllm_model', 'remote']]);
  const alone = await resolveConfig({ argv: ['+config_paths=[remote.yaml]'], cwd: project.dir, env: {} });
  assert.deepEqual(alone.servers.map((server) => server.implementation), ['vllm_model']);
});

test('a ??? brought by _inherit_from is reported as missing with where it came from; one in a removed source is not', async () => {
  using project = tempProject({ ...SERVER_DIRS, 'a.yaml': 'base:\n  name: ???\n  kept: 1\nchild:\n  _inherit_from: base\nunused:\n  _delete_key: gone\n  gone: ???\n' });
  await assert.rejects(resolveConfig({ argv: ['+config_paths=[a.yaml]'], cwd: project.dir, env: {} }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^1 required config value is not set:\n {2}- child\.name: marked \?\?\? at a\.yaml:2:9, inherited from 'base' by _inherit_from at a\.yaml:5:18/);
    return true;
  });
});

const failures: { name: string; files: Record<string, string>; message: RegExp; source?: string; hint?: RegExp }[] = [
  {
    name: 'a misspelt source names the file and line of the directive, with did-you-mean',
    files: { 'a.yaml': 'judge_env:\n  x: 1\nbench:\n  _inherit_from: judge_evn\n' },
    message: /^'bench' inherits from 'judge_evn' \(_inherit_from at a\.yaml:4:18\), which is not in the merged config$/,
    source: 'a.yaml:4:18',
    hint: /^Did you mean 'judge_env'\? The config that defines 'judge_evn' must be merged too/,
  },
  {
    name: 'a cycle through two directives',
    files: { 'a.yaml': 'a:\n  _inherit_from: b\nb:\n  _inherit_from: a\n' },
    message: /_inherit_from cycle: 'b' -> 'a' -> 'b'|_inherit_from cycle: 'a' -> 'b' -> 'a'/,
  },
  {
    name: 'a directive of the wrong type',
    files: { 'a.yaml': 'a:\n  _copy: [b]\nb: {}\n' },
    message: /'a\._copy' must name a config key, got \["b"\] \(a\.yaml:2:3\)/,
    source: 'a.yaml:2:3',
  },
  {
    name: '${copy:...} inside text',
    files: { 'a.yaml': 'b: 1\na: prefix-${copy:b}\n' },
    message: /'a' uses \$\{copy:b\} inside text or a list \(a\.yaml:2:4\)/,
    hint: /must be the whole value of a key/,
  },
];

for (const { name, files, message, source, hint } of failures) {
  test(`directive error: ${name}`, async () => {
    using project = tempProject(files);
    await assert.rejects(resolveConfig({ argv: ['+config_paths=[a.yaml]'], cwd: project.dir, env: {} }), (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, message);
      if (source) assert.equal(error.source, source);
      if (hint) assert.match(error.hint ?? '', hint);
      return true;
    });
  });
}
