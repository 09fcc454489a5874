import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../src/errors.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { packageRoot } from '../../src/config/paths.ts';
import { tempProject } from './temp-project.ts';

const SERVER_DIRS = {
  'responses_api_models/fake_model/app.ts': '',
  'resources_servers/fake_env/app.ts': '',
  'responses_api_agents/fake_agent/app.ts': '',
};

async function resolveIn(files: Record<string, string>, argv: string[], env: NodeJS.ProcessEnv = {}) {
  using project = tempProject({ ...SERVER_DIRS, ...files });
  return await resolveConfig({ argv, cwd: project.dir, env });
}

async function rejectsIn(files: Record<string, string>, argv: string[], check: (error: ConfigError) => void, env: NodeJS.ProcessEnv = {}) {
  await assert.rejects(resolveIn(files, argv, env), (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    check(error);
    return true;
  });
}

interface PrecedenceCase {
  name: string;
  files: Record<string, string>;
  argv: string[];
  expect: Record<string, unknown>;
  origins?: Record<string, string>;
}

const precedence: PrecedenceCase[] = [
  {
    name: 'config files < env.yaml < command line',
    files: { 'a.yaml': 'x: 1\ny: 1\nz: 1\n', 'env.yaml': 'y: 2\nz: 2\n' },
    argv: ['+config_paths=[a.yaml]', '+z=3'],
    expect: { x: 1, y: 2, z: 3 },
    origins: { x: 'a.yaml:1:4', y: 'env.yaml:1:4', z: 'command line `+z=3`' },
  },
  {
    name: 'an including file overrides what it includes; later siblings override earlier ones',
    files: {
      'root.yaml': 'config_paths: [one.yaml, two.yaml]\nv: root\n',
      'one.yaml': 'v: one\nw: one\nu: one\n',
      'two.yaml': 'w: two\n',
    },
    argv: ['+config_paths=[root.yaml]'],
    expect: { v: 'root', w: 'two', u: 'one', config_paths: ['one.yaml', 'two.yaml', 'root.yaml'] },
    origins: { v: 'root.yaml:2:4', w: 'two.yaml:1:4', u: 'one.yaml:3:4' },
  },
  {
    name: 'maps merge deeply, lists are replaced, ??? never overrides a set value',
    files: {
      'a.yaml': 'm:\n  keep: 1\n  list: [1, 2, 3]\n  key: set\n',
      'b.yaml': 'm:\n  add: 2\n  list: [4]\n  key: ???\n',
    },
    argv: ['+config_paths=[a.yaml,b.yaml]'],
    expect: { m: { keep: 1, list: [4], key: 'set', add: 2 } },
    origins: { 'm.key': 'a.yaml:4:8', 'm.list[0]': 'b.yaml:3:10', 'm.add': 'b.yaml:2:8' },
  },
  {
    name: 'seed: +responses_create_params.temperature merges into a map from a file',
    files: { 'a.yaml': 'responses_create_params:\n  max_output_tokens: 100\n' },
    argv: ['+config_paths=[a.yaml]', '+responses_create_params.temperature=0.7'],
    expect: { responses_create_params: { max_output_tokens: 100, temperature: 0.7 } },
    origins: { 'responses_create_params.temperature': 'command line `+responses_create_params.temperature=0.7`' },
  },
  {
    name: "seed: '+responses_create_params={temperature: 0.7, max_tokens: 2048}' and the collection options",
    files: {},
    argv: [
      '+agent_name=workplace_assistant_simple_agent',
      '+input_jsonl_fpath=input.jsonl',
      '+output_jsonl_fpath=output.jsonl',
      '+limit=100',
      '+num_repeats=4',
      '+num_samples_in_parallel=10',
      '+responses_create_params={temperature: 0.7, max_tokens: 2048}',
    ],
    expect: {
      agent_name: 'workplace_assistant_simple_agent',
      input_jsonl_fpath: 'input.jsonl',
      output_jsonl_fpath: 'output.jsonl',
      limit: 100,
      num_repeats: 4,
      num_samples_in_parallel: 10,
      responses_create_params: { temperature: 0.7, max_tokens: 2048 },
    },
  },
  {
    name: 'seed: +limit=null is null',
    files: {},
    argv: ['+limit=null', '+num_repeats=1', '+num_samples_in_parallel=10'],
    expect: { limit: null, num_repeats: 1, num_samples_in_parallel: 10 },
  },
  {
    name: 'k=v overrides a key a file set; ++k=v overrides one the command line set',
    files: { 'a.yaml': 'limit: 5\n' },
    argv: ['+config_paths=[a.yaml]', 'limit=7', '+extra=1', '++extra=2'],
    expect: { limit: 7, extra: 2 },
    origins: { limit: 'command line `limit=7`', extra: 'command line `++extra=2`' },
  },
  {
    name: '+k=<map> twice merges the maps',
    files: {},
    argv: ['+p={a: 1}', '+p={b: 2}'],
    expect: { p: { a: 1, b: 2 } },
  },
  {
    name: '~k deletes a key a file set',
    files: { 'a.yaml': 'a: 1\nb: {c: 2, d: 3}\n' },
    argv: ['+config_paths=[a.yaml]', '~a', '~b.c'],
    expect: { b: { d: 3 } },
  },
  {
    name: 'env.yaml may name config_paths; the command line replaces them',
    files: { 'env.yaml': 'config_paths: [a.yaml]\npolicy_api_key: from-env\n', 'a.yaml': 'from: a\n', 'b.yaml': 'from: b\n' },
    argv: ['+config_paths=[b.yaml]'],
    expect: { from: 'b', policy_api_key: 'from-env', config_paths: ['b.yaml'] },
  },
  {
    name: 'config_paths from env.yaml alone',
    files: { 'env.yaml': 'config_paths: [a.yaml]\n', 'a.yaml': 'from: a\n' },
    argv: [],
    expect: { from: 'a', config_paths: ['a.yaml'] },
  },
  {
    name: 'head_server defaults to 127.0.0.1:11000; a port override keeps the default host',
    files: {},
    argv: ['+head_server.port=12345'],
    expect: { head_server: { host: '127.0.0.1', port: 12345 } },
    origins: { 'head_server.host': 'default', 'head_server.port': 'command line `+head_server.port=12345`' },
  },
];

for (const { name, files, argv, expect, origins } of precedence) {
  test(`precedence: ${name}`, async () => {
    const resolved = await resolveIn(files, argv);
    for (const [key, value] of Object.entries(expect)) assert.deepEqual(resolved.tree[key], value, key);
    for (const [key, origin] of Object.entries(origins ?? {})) assert.equal(resolved.origins.get(key), origin, `origin of ${key}`);
  });
}

test('head_server is filled in when nothing sets it', async () => {
  const resolved = await resolveIn({}, []);
  assert.deepEqual(resolved.tree.head_server, { host: '127.0.0.1', port: 11000 });
  assert.equal(resolved.origins.get('head_server.port'), 'default');
});

test('the bundled openai_model config resolves from any directory, its secret interpolated', async () => {
  const resolved = await resolveIn({}, [
    '+config_paths=[responses_api_models/openai_model/configs/openai_model.yaml]',
    '+policy_base_url=http://127.0.0.1:8000/v1',
    '+policy_api_key=sk-test',
    '+policy_model_name=m',
  ]);
  const [server] = resolved.servers;
  assert.equal(resolved.servers.length, 1);
  assert.equal(server!.name, 'policy_model');
  assert.equal(server!.kind, 'responses_api_models');
  assert.equal(server!.implementation, 'openai_model');
  assert.equal(server!.entrypoint, 'app.ts');
  assert.equal(server!.dir, `${packageRoot}/responses_api_models/openai_model`);
  assert.equal(server!.config.openai_base_url, 'http://127.0.0.1:8000/v1');
  assert.equal(server!.config.openai_api_key, 'sk-test');
  assert.match(resolved.origins.get('policy_model.responses_api_models.openai_model.openai_base_url')!, /openai_model\.yaml:7:24$/);
});

const failures: { name: string; files: Record<string, string>; argv: string[]; message: RegExp; hint?: RegExp; source?: RegExp; key?: string }[] = [
  {
    name: 'k=v for a key no file sets suggests +k=v',
    files: {},
    argv: ['limit=5'],
    message: /'limit' is not set by any config file, env.yaml or earlier override/,
    hint: /write \+limit=5/,
    source: /^command line `limit=5`$/,
  },
  {
    name: 'k={...} with a misspelt key inside a file mapping gets did-you-mean',
    files: { 'a.yaml': 'rcp:\n  temperature: 0.5\n' },
    argv: ['+config_paths=[a.yaml]', 'rcp={temprature: 0.7}'],
    message: /'rcp\.temprature' is not set by any config file, env\.yaml or earlier override/,
    hint: /^Did you mean 'temperature'\? To add keys, write \+rcp=\{temprature: 0\.7\}$/,
  },
  {
    name: 'a second +k=<scalar> names the first and suggests ++',
    files: {},
    argv: ['+limit=5', '+limit=6'],
    message: /'limit' already holds 5 \(set by `\+limit=5`\)/,
    hint: /\+\+limit=6/,
  },
  {
    name: '~k of an absent key',
    files: { 'a.yaml': 'limit: 5\n' },
    argv: ['+config_paths=[a.yaml]', '~limt'],
    message: /no key 'limt' to delete/,
    hint: /did you mean 'limit'\?/,
  },
  {
    name: 'a config path that exists nowhere lists where it looked',
    files: {},
    argv: ['+config_paths=[nope/missing.yaml]'],
    message: new RegExp(`config_paths entry 'nope/missing.yaml' was not found. Looked in:\\n  - .*/nope/missing.yaml\\n  - ${packageRoot}/nope/missing.yaml`),
    source: /^command line `\+config_paths=\[nope\/missing.yaml\]`$/,
  },
  {
    name: 'an included path that exists nowhere names the including file and line',
    files: { 'a.yaml': 'x: 1\nconfig_paths:\n  - gone.yaml\n' },
    argv: ['+config_paths=[a.yaml]'],
    message: /'gone.yaml' was not found/,
    source: /^a.yaml:3:5$/,
  },
  {
    name: 'malformed YAML names file:line:col',
    files: { 'bad.yaml': 'a: 1\nb: [1, 2\nc: 3\n' },
    argv: ['+config_paths=[bad.yaml]'],
    message: /^Malformed YAML in bad.yaml:\d+:\d+: /,
    hint: /fix the YAML syntax at line \d+, column \d+ of bad.yaml/,
  },
  {
    name: 'malformed env.yaml names env.yaml:line:col',
    files: { 'env.yaml': 'policy_api_key: [unclosed\n' },
    argv: [],
    message: /^Malformed YAML in env.yaml:\d+:\d+/,
  },
  {
    name: 'an interpolation cycle names the key and its origin',
    files: { 'a.yaml': 'a: ${b}\nb: ${a}\n' },
    argv: ['+config_paths=[a.yaml]'],
    message: /interpolation cycle: 'a' -> 'b' -> 'a'/,
    source: /^a.yaml:1:4$/,
    key: 'a',
  },
  {
    name: 'a later file merging a mapping into a list names both places (OmegaConf refuses it too)',
    files: { 'a.yaml': 'x: [1, 2]\n', 'b.yaml': 'x:\n  a: 1\n' },
    argv: ['+config_paths=[a.yaml,b.yaml]'],
    message: /^'x' is a list at a\.yaml:1:1 and a mapping at b\.yaml:1:1; OmegaConf cannot merge one into the other$/,
    hint: /make both lists/,
    source: /^b\.yaml:1:1$/,
  },
  {
    name: 'config_paths that is not a list of paths',
    files: {},
    argv: ['+config_paths={a: 1}'],
    message: /'config_paths' must be a list of paths/,
  },
];

for (const { name, files, argv, message, hint, source, key } of failures) {
  test(`error: ${name}`, async () => {
    await rejectsIn(files, argv, (error) => {
      assert.match(error.message, message);
      if (hint) assert.match(error.hint ?? '', hint);
      if (source) assert.match(error.source ?? '', source);
      if (key) assert.equal(error.key, key);
    });
  });
}

test('interpolation: typed whole values, inside strings, env vars with defaults, nested, relative', async () => {
  const resolved = await resolveIn(
    {
      'a.yaml': [
        'port: 8000',
        'host: example.org',
        'url: http://${host}:${port}/v1',
        'same_port: ${port}',
        'home: ${oc.env:RG_TEST_HOME}',
        'fallback: ${oc.env:RG_TEST_UNSET,/tmp/x}',
        'nested_default: ${oc.env:RG_TEST_UNSET,${host}}',
        'null_default: ${oc.env:RG_TEST_UNSET,null}',
        'block:',
        '  a: 1',
        '  b: ${.a}',
        'copy: ${block}',
        'literal: \\${not.interpolated}',
      ].join('\n'),
    },
    ['+config_paths=[a.yaml]', '+late=${url}'],
    { RG_TEST_HOME: '/home/u' },
  );
  assert.equal(resolved.tree.url, 'http://example.org:8000/v1');
  assert.equal(resolved.tree.same_port, 8000);
  assert.equal(resolved.tree.home, '/home/u');
  assert.equal(resolved.tree.fallback, '/tmp/x');
  assert.equal(resolved.tree.nested_default, 'example.org');
  assert.equal(resolved.tree.null_default, null);
  assert.deepEqual(resolved.tree.block, { a: 1, b: 1 });
  assert.deepEqual(resolved.tree.copy, { a: 1, b: 1 });
  assert.equal(resolved.tree.literal, '${not.interpolated}');
  assert.equal(resolved.tree.late, 'http://example.org:8000/v1');
});

test('every missing value is reported in one error, each with its override', async () => {
  await rejectsIn(
    { 'a.yaml': 'needs_value: ???\nkey: ${policy_api_key}\nname: ${policy_model_name}\nhome: ${oc.env:RG_TEST_UNSET}\n' },
    ['+config_paths=[a.yaml]'],
    (error) => {
      assert.equal(error.code, 'RG_CONFIG_MISSING');
      assert.match(error.message, /^4 required config values are not set:/);
      assert.match(error.message, /- needs_value: marked \?\?\? at a.yaml:1:14\n\s+set it with \+needs_value=\.\.\. on the command line, or the line `needs_value: \.\.\.` in env.yaml/);
      assert.match(error.message, /- policy_api_key: used by key \(a.yaml:2:6\)\n\s+set it with \+policy_api_key=\.\.\./);
      assert.match(error.message, /- policy_model_name: used by name \(a.yaml:3:7\)/);
      assert.match(error.message, /- \$RG_TEST_UNSET: used by home .*\n\s+set it with export RG_TEST_UNSET=\.\.\./);
    },
  );
});

const SERVERS_YAML = `
policy_model:
  responses_api_models:
    fake_model: {entrypoint: app.ts}
weather:
  resources_servers:
    fake_env: {entrypoint: app.ts, domain: agent}
weather_agent:
  responses_api_agents:
    fake_agent:
      entrypoint: app.ts
      resources_server: {type: resources_servers, name: weather}
      model_server: {type: responses_api_models, name: policy_model}
`;

test('server instances are discovered in config order with their directories', async () => {
  const resolved = await resolveIn({ 's.yaml': SERVERS_YAML, 'responses_api_agents/fake_agent/app.ts': '' }, ['+config_paths=[s.yaml]']);
  assert.deepEqual(
    resolved.servers.map((s) => [s.name, s.kind, s.implementation, s.entrypoint, s.dir.endsWith(`/${s.kind}/${s.implementation}`)]),
    [
      ['policy_model', 'responses_api_models', 'fake_model', 'app.ts', true],
      ['weather', 'resources_servers', 'fake_env', 'app.ts', true],
      ['weather_agent', 'responses_api_agents', 'fake_agent', 'app.ts', true],
    ],
  );
});

test('a typo in a server reference gets "did you mean"', async () => {
  await rejectsIn({ 's.yaml': SERVERS_YAML }, ['+config_paths=[s.yaml]', '++weather_agent.responses_api_agents.fake_agent.resources_server.name=waether'], (error) => {
    assert.equal(error.code, 'RG_CONFIG_SERVER_REF');
    assert.match(error.message, /field 'weather_agent.responses_api_agents.fake_agent.resources_server' references resources_servers\/'waether'/);
    assert.equal(error.hint, "Did you mean 'weather'?");
    assert.match(error.source ?? '', /^command line `\+\+weather_agent/);
  });
});

test('a server reference to the wrong kind says which kind it is', async () => {
  await rejectsIn({ 's.yaml': SERVERS_YAML }, ['+config_paths=[s.yaml]', '++weather_agent.responses_api_agents.fake_agent.resources_server.name=policy_model'], (error) => {
    assert.match(error.hint ?? '', /'policy_model' is a responses_api_models server, not one of resources_servers/);
  });
});

test('a server whose directory exists nowhere is an error listing both places; a missing entrypoint file is not', async () => {
  const yaml = 'm:\n  responses_api_models:\n    no_app_yet: {entrypoint: app.ts}\n';
  await rejectsIn({ 'm.yaml': 'm:\n  responses_api_models:\n    typo_model: {entrypoint: app.ts}\n' }, ['+config_paths=[m.yaml]'], (error) => {
    assert.match(error.message, /server 'm' needs the directory responses_api_models\/typo_model\/, which was not found. Looked in:\n  - .*\n  - .*/);
    assert.equal(error.source, 'm.yaml:3:5');
  });
  const resolved = await resolveIn({ 'm.yaml': yaml, 'responses_api_models/no_app_yet/.keep': '' }, ['+config_paths=[m.yaml]']);
  assert.equal(resolved.servers[0]?.implementation, 'no_app_yet');
});

test('an almost-server (no entrypoint, two implementations) is an error unless error_on_almost_servers=false', async () => {
  const files = { 'a.yaml': 'broken:\n  responses_api_models:\n    fake_model: {openai_base_url: x}\n' };
  await rejectsIn(files, ['+config_paths=[a.yaml]'], (error) => {
    assert.match(error.message, /'broken.responses_api_models.fake_model' has no entrypoint \(a.yaml:3:5\)/);
    assert.match(error.hint ?? '', /error_on_almost_servers=false/);
  });
  const resolved = await resolveIn(files, ['+config_paths=[a.yaml]', '+error_on_almost_servers=false']);
  assert.deepEqual(resolved.servers, []);
});
