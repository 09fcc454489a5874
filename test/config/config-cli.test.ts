// What a user sees from the real CLI: Hydra's override rules, inherited values with their origins, and a server
// block typo stopped before anything starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { runCommand } from './run-cli-command.ts';
import { tempProject } from './temp-project.ts';

test("issue 11's command line: a mapping added, then a key added inside it; a scalar added twice is refused", async () => {
  using project = tempProject();
  const accepted = await runCommand('ng_dump_config', ['+responses_create_params={temperature: 0.7, max_tokens: 2048}', '+responses_create_params.top_p=0.9', '+show_origin=true'], { cwd: project.dir });
  assert.equal(accepted.exitCode, 0, accepted.stderr);
  assert.match(accepted.stdout, /^responses_create_params\.temperature: 0\.7 {2}# command line `\+responses_create_params=\{temperature: 0\.7, max_tokens: 2048\}`$/m);
  assert.match(accepted.stdout, /^responses_create_params\.max_tokens: 2048 {2}# command line `\+responses_create_params=\{temperature: 0\.7, max_tokens: 2048\}`$/m);
  assert.match(accepted.stdout, /^responses_create_params\.top_p: 0\.9 {2}# command line `\+responses_create_params\.top_p=0\.9`$/m);

  const refused = await runCommand('ng_dump_config', ['+limit=5', '+limit=6'], { cwd: project.dir });
  assert.equal(refused.exitCode, 1);
  assert.equal(refused.stdout, '');
  assert.equal(
    refused.stderr,
    "error [RG_CONFIG_OVERRIDE] `+limit=6`: 'limit' already holds 5 (set by `+limit=5`); `+` only adds (Hydra: Could not append to config. An item is already at 'limit'.)\n" +
      '  fix: to replace it write limit=6 or ++limit=6; or keep only one of the two arguments\n' +
      '  (run with +verbose=true for a stack trace)',
  );
});

test('ng_dump_config +show_origin=true says where an inherited or copied value was written and which directive brought it', async () => {
  using project = tempProject({
    'environment.yaml': 'base_env:\n  resources_servers:\n    example_simple_weather:\n      entrypoint: app.ts\n      domain: agent\n      description: the base\n',
    'bench.yaml': 'config_paths: [environment.yaml]\nbench_env:\n  _inherit_from: base_env\n  resources_servers:\n    example_simple_weather:\n      description: the benchmark\nspare_env: ${copy:bench_env}\n',
  });
  const result = await runCommand('ng_dump_config', ['+config_paths=[bench.yaml]', '+show_origin=true'], { cwd: project.dir });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /^bench_env\.resources_servers\.example_simple_weather\.domain: agent {2}# environment\.yaml:5:15, inherited from 'base_env' by _inherit_from at bench\.yaml:3:18$/m);
  assert.match(result.stdout, /^bench_env\.resources_servers\.example_simple_weather\.description: the benchmark {2}# bench\.yaml:6:20$/m);
  assert.match(
    result.stdout,
    /^spare_env\.resources_servers\.example_simple_weather\.domain: agent {2}# environment\.yaml:5:15, inherited from 'base_env' by _inherit_from at bench\.yaml:3:18, copied from 'bench_env' by \$\{copy:bench_env\} at bench\.yaml:7:12$/m,
  );
  assert.doesNotMatch(result.stdout, /^base_env\./m);
});

test('issue 12.9: a typo in an agent block stops ng_dump_config and ng_run before anything starts, in a few lines', async () => {
  using project = tempProject({
    'weather.yaml': [
      'config_paths: [resources_servers/example_simple_weather/configs/simple_weather.yaml, responses_api_models/offline_model/configs/offline_model.yaml]',
      'simple_weather_simple_agent:',
      '  responses_api_agents:',
      '    simple_agent:',
      '      resources_sever:',
      '        type: resources_servers',
      '        name: example_simple_weather',
      '',
    ].join('\n'),
  });
  const expected =
    'error [RG_CONFIG] 1 problem in server config blocks:\n' +
    "  - simple_weather_simple_agent.responses_api_agents.simple_agent.resources_sever (weather.yaml:5:7): simple_agent has no key 'resources_sever'; did you mean 'resources_server'?\n" +
    '      fix: rename it to resources_server\n';
  const dump = await runCommand('ng_dump_config', ['+config_paths=[weather.yaml]'], { cwd: project.dir });
  assert.equal(dump.exitCode, 1);
  assert.ok(dump.stderr.startsWith(expected), dump.stderr);
  assert.equal(dump.stderr.split('\n').length, 5, dump.stderr);

  const port = await freePort();
  const run = await runCommand('ng_run', ['+config_paths=[weather.yaml]', `+head_server.port=${port}`], { cwd: project.dir, timeout: 60_000 });
  assert.equal(run.exitCode, 1);
  assert.ok(run.stderr.startsWith(expected), run.stderr);
  assert.doesNotMatch(run.stdout + run.stderr, /Starting|healthy|head server/i);
});
