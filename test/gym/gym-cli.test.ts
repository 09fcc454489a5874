import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnCli } from '../helpers/cli.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

const gym = (args: readonly string[], options = {}) => spawnCli('gym', args, options);

test('gym --help lists the groups, every command and the shared options', async () => {
  const result = await gym(['--help']);
  assert.equal(result.exitCode, 0);
  const out = String(result.stdout);
  assert.match(out, /^Usage: gym \[-h\] \[--version \[--json\]\] \[-v\] <group> <command>/);
  for (const group of ['env', 'eval', 'list']) assert.match(out, new RegExp(`^  ${group} +\\S`, 'm'));
  for (const command of ['env start', 'env status', 'env resolve', 'env test', 'env init', 'eval run', 'eval aggregate', 'eval reverify', 'eval profile', 'list environments', 'list agents', 'list models', 'list resources-servers']) {
    assert.match(out, new RegExp(`^  ${command} +\\S`, 'm'), command);
  }
  assert.match(out, /^Overrides \(every command\):\n  \+key=value +add a key/m);
});

test('gym without a group prints the help as a usage error; a group without a command its commands', async () => {
  const bare = await gym([]);
  assert.equal(bare.exitCode, 2);
  assert.match(String(bare.stderr), /^Usage: gym /);
  const group = await gym(['eval']);
  assert.equal(group.exitCode, 2);
  assert.match(String(group.stderr), /Usage: gym eval <command> \[flags\]\n\nRun evaluations\.\n\ncommands:\n  run +Collate data/);
  const asked = await gym(['list', '-h']);
  assert.equal(asked.exitCode, 0);
  assert.match(String(asked.stdout), /Usage: gym list <command>[\s\S]*  resources-servers +List or inspect the resources servers/);
});

test('each command has help with its flags and the config key each one sets', async () => {
  const run = await gym(['eval', 'run', '--help']);
  assert.equal(run.exitCode, 0);
  const out = String(run.stdout);
  assert.match(out, /^Usage: gym eval run \[flags\] \[\+key=value \.\.\.\]/);
  assert.match(out, /  --config PATH +config file to load; repeatable \(config_paths\)/);
  assert.match(out, /  -m, --model NAME +served model identifier [\s\S]*?\(policy_model_name\)/);
  assert.match(out, /  --model-url URL +base URL of the model endpoint \(policy_base_url\)/);
  assert.match(out, /  --concurrency N +maximum number of requests in flight \(num_samples_in_parallel\)/);
  assert.match(out, /  --temperature T +sampling temperature \(responses_create_params\.temperature\)/);
  assert.match(out, /--model-api-key KEY +API key of the model endpoint; never printed, but `ps` shows a process's\s+arguments: prefer env\.yaml/);
  assert.match(out, /The same command as ng_e2e_collect_rollouts \(ng_collect_rollouts with --no-serve\)\./);
  const profile = await gym(['eval', 'profile', '-h']);
  assert.match(String(profile.stdout), /  --inputs PATH +materialized inputs of the run [\s\S]*?\(materialized_inputs_jsonl_fpath\)/);
  const list = await gym(['list', 'models', '--help']);
  assert.match(String(list.stdout), /^Usage: gym list models \[NAME\] \[flags\]/);
});

test('a mistyped group, command or flag gets a did-you-mean and exit code 2', async () => {
  const group = await gym(['evl', 'run']);
  assert.equal(group.exitCode, 2);
  assert.match(String(group.stderr), /error \[RG_USAGE\] gym: unknown group 'evl'\n  fix: did you mean eval\? the groups are env, eval, list/);
  const command = await gym(['eval', 'reverfy']);
  assert.equal(command.exitCode, 2);
  assert.match(String(command.stderr), /gym eval: unknown command 'reverfy'\n  fix: did you mean reverify\?/);
  const flag = await gym(['eval', 'run', '--modle-url', 'http://x']);
  assert.equal(flag.exitCode, 2);
  assert.match(String(flag.stderr), /gym eval run: unknown option --modle-url\n  fix: did you mean --model-url\? `gym eval run --help` lists its options/);
  const root = await gym(['--verison']);
  assert.match(String(root.stderr), /gym: unknown option --verison\n  fix: did you mean --version\?/);
  const legacy = await gym(['ng_run']);
  assert.match(String(legacy.stderr), /gym: ng_run is an ng_\* command\n  fix: run it as `ng_run \.\.\.`, or as `gym env start \.\.\.`/);
  const missing = await gym(['eval', 'run', '--output']);
  assert.match(String(missing.stderr), /gym eval run: --output needs a value \(--output PATH\)/);
});

test('a mistyped component name gets a did-you-mean listing what exists', async () => {
  const model = await gym(['env', 'resolve', '--model-type', 'ofline_model']);
  assert.equal(model.exitCode, 2);
  assert.match(String(model.stderr), /--model-type ofline_model: no config named 'ofline_model' under responses_api_models\/ in .*\n  fix: Did you mean 'offline_model'\?\n +choose one of: offline_model, openai_model, vllm_model/);
  const server = await gym(['env', 'test', '--resources-server', 'workplace_asistant']);
  assert.equal(server.exitCode, 2);
  assert.match(String(server.stderr), /--resources-server workplace_asistant: there is no resources_servers\/workplace_asistant\/ in .*\n  fix: Did you mean 'workplace_assistant'\?/);
  const listed = await gym(['list', 'resources-servers', 'example_multi_stp']);
  assert.equal(listed.exitCode, 1);
  assert.match(String(listed.stderr), /Unknown resources server 'example_multi_stp'\.\n  fix: Did you mean 'example_multi_step'\?/);
});

test('both spellings resolve to the same config, and the API key is never echoed', async () => {
  const key = 'sk-never-echo-4711';
  const flags = await gym(['env', 'resolve', '--config', 'configs/quickstart.yaml', '--model-url', 'http://127.0.0.1:9/v1', '-m', 'm1', '--model-api-key', key, '++limit=3']);
  const hydra = await spawnCli('ng_dump_config', ['+config_paths=[configs/quickstart.yaml]', '+policy_base_url=http://127.0.0.1:9/v1', '+policy_model_name=m1', `+policy_api_key=${key}`, '++limit=3']);
  assert.equal(flags.exitCode, 0, String(flags.stderr));
  assert.equal(hydra.exitCode, 0, String(hydra.stderr));
  const lines = (text: unknown) => String(text).trim().split('\n').sort();
  assert.deepEqual(lines(flags.stdout), lines(hydra.stdout));
  assert.match(String(flags.stdout), /^policy_api_key: "\*\*\*\*"$/m);
  assert.doesNotMatch(String(flags.stdout) + String(flags.stderr), new RegExp(key));

  // A flag's value may read the environment, so a key need not be on the command line.
  const fromEnv = await gym(['env', 'resolve', '--config', 'configs/quickstart.yaml', '-m', '${oc.env:RG_TEST_MODEL}'], { env: { RG_TEST_MODEL: 'model-from-env' } });
  assert.match(String(fromEnv.stdout), /^policy_model_name: model-from-env$/m);

  // The selectors name the same files a user would write.
  const selected = await gym(['env', 'resolve', '--resources-server', 'example_simple_weather', '--model-type', 'offline_model']);
  const written = await spawnCli('ng_dump_config', ['+config_paths=[resources_servers/example_simple_weather/configs/simple_weather.yaml,responses_api_models/offline_model/configs/offline_model.yaml]']);
  assert.equal(selected.exitCode, 0, String(selected.stderr));
  assert.equal(String(selected.stdout), String(written.stdout));
});

test('a bad value given by flag names the flag key and never shows the secret', async () => {
  const key = 'sk-secret-in-error-1234';
  const result = await gym(['eval', 'run', '--config', 'configs/quickstart.yaml', '--model-api-key', key, '--split', 'examples', '--output', join(testTempDir('rg-gym-'), 'x.jsonl')]);
  assert.equal(result.exitCode, 1);
  assert.match(String(result.stderr), /split = "examples" \(command line `\+\+split="examples"`\)/);
  assert.doesNotMatch(String(result.stdout) + String(result.stderr), new RegExp(key));
});

test('--version prints the version, --json as JSON; ng is the same command', async () => {
  const text = await gym(['--version']);
  assert.equal(text.exitCode, 0);
  assert.match(String(text.stdout), /^rollout-gym v\d+\.\d+\.\d+\nNode\.js v/);
  const json = await spawnCli('ng', ['--version', '--json']);
  assert.equal(json.exitCode, 0);
  assert.match(JSON.parse(String(json.stdout)).rollout_gym, /^\d+\.\d+\.\d+$/);
  const help = await spawnCli('ng', ['env', '--help']);
  assert.match(String(help.stdout), /^Usage: ng env <command>/);
});

test('a missing required flag is named with what it is for; +help=true is help on every level', async () => {
  const test = await gym(['env', 'test']);
  assert.equal(test.exitCode, 2);
  assert.match(String(test.stderr), /^error \[RG_USAGE\] gym env test needs --resources-server NAME\n  fix: --resources-server: the resources server whose tests to run/);
  const reverify = await gym(['eval', 'reverify', '--inputs', 'a.jsonl', '-o', 'b.jsonl']);
  assert.match(String(reverify.stderr), /gym eval reverify needs --rollouts PATH/);
  const rootHelp = await gym(['+help=true']);
  assert.equal(rootHelp.exitCode, 0);
  assert.match(String(rootHelp.stdout), /^Usage: gym /);
  const leafHelp = await gym(['eval', 'aggregate', '+help=true']);
  assert.match(String(leafHelp.stdout), /^Usage: gym eval aggregate \[flags\][\s\S]*-i, --input-glob GLOB/);
});

test('--search-dir must be a folder', async () => {
  const result = await gym(['list', 'agents', '--search-dir', '/no/such/folder']);
  assert.equal(result.exitCode, 2);
  assert.match(String(result.stderr), /--search-dir \/no\/such\/folder: no such directory/);
});
