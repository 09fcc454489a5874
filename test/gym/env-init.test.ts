import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa, type Options } from 'execa';
import { freePort } from '../helpers/free-port.ts';
import { repoRoot } from '../helpers/cli.ts';
import { readJsonlFile } from '../rollouts/collect-helpers.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

/** A project of the user's own, outside this repository (`npm init -y` makes it "commonjs" nowadays). */
function newProject(type: 'module' | 'commonjs'): string {
  const dir = testTempDir('rg-own-envs-');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'my-envs', private: true, type })}\n`);
  return dir;
}

/** Run a command of the installed package through its bin file, as `npx gym ...` would. */
function installed(project: string, bin: string, args: readonly string[], options: Options = {}) {
  return execa(process.execPath, [join(project, 'node_modules', '.bin', bin), ...args], { cwd: project, reject: false, env: { CI: 'true', NO_COLOR: '1' }, ...options });
}

const EXPECTED_REWARDS = [1, 0, 0, 0, 0]; // the offline model calls add_numbers(1, 1): only "What is 1 + 1?" is right

test('gym env init scaffolds a server in a project that depends on rollout-gym; it passes its tests and collects end to end', { timeout: 240_000 }, async () => {
  const project = newProject('commonjs');
  const install = await execa('npm', ['install', repoRoot, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: project, reject: false });
  assert.equal(install.exitCode, 0, String(install.stderr));

  const init = await installed(project, 'gym', ['env', 'init', '--resources-server', 'my_env']);
  assert.equal(init.exitCode, 0, String(init.stderr));
  assert.equal(
    String(init.stdout),
    [
      'Created the resources server my_env in resources_servers/my_env/:',
      '  app.ts',
      '  server.ts',
      '  configs/my_env.yaml',
      '  data/example.jsonl',
      '  tests/app.test.ts',
      '  README.md',
      '  package.json',
      '',
      'Next:',
      '  gym env test --resources-server my_env',
      '  gym eval run --resources-server my_env --model-type offline_model --split example --output results/my_env.jsonl',
    ].join('\n'),
  );
  const server = join(project, 'resources_servers', 'my_env');
  assert.match(readFileSync(join(server, 'server.ts'), 'utf8'), /from 'rollout-gym\/kit'/);
  assert.match(readFileSync(join(server, 'server.ts'), 'utf8'), /export const myEnvServer: ResourcesServerDefinition/);

  const again = await installed(project, 'ng_init_resources_server', ['+entrypoint=resources_servers/my_env']);
  assert.equal(again.exitCode, 1);
  assert.match(String(again.stderr), /^error \[RG_USAGE\] resources_servers\/my_env already exists; nothing was written\n  fix: choose another name, or move that folder away first/);
  assert.deepEqual(readdirSync(server).sort(), ['README.md', 'app.ts', 'configs', 'data', 'package.json', 'server.ts', 'tests']);
  assert.deepEqual(JSON.parse(readFileSync(join(server, 'package.json'), 'utf8')), { private: true, type: 'module' }, 'ES modules in a commonjs project');

  const tested = await installed(project, 'gym', ['env', 'test', '--resources-server', 'my_env']);
  assert.equal(tested.exitCode, 0, String(tested.stdout) + String(tested.stderr));
  assert.match(String(tested.stdout), /^ℹ pass 6$/m);

  const run = await installed(project, 'gym', ['eval', 'run', '--resources-server', 'my_env', '--model-type', 'offline_model', '--split', 'example', '--output', 'results/my_env.jsonl', `++head_server.port=${await freePort()}`]);
  assert.equal(run.exitCode, 0, String(run.stderr));
  assert.match(String(run.stdout), /Key metrics for my_env_simple_agent \(5\/5 rollouts succeeded\):\n  mean\/reward: 0\.2\n/);
  const rollouts = readJsonlFile(join(project, 'results', 'my_env.jsonl')).sort((a, b) => (a._ng_task_index as number) - (b._ng_task_index as number));
  assert.deepEqual(rollouts.map((row) => row.reward), EXPECTED_REWARDS);

  // From anywhere else, --search-dir finds the project's server.
  const elsewhere = testTempDir('rg-elsewhere-');
  const listed = await execa(process.execPath, [join(repoRoot, 'src', 'cli', 'main.ts'), 'gym', 'list', 'resources-servers', 'my_env', '--search-dir', project], { cwd: elsewhere, reject: false });
  assert.equal(listed.exitCode, 0, String(listed.stderr));
  assert.match(String(listed.stdout), new RegExp(`^The my_env resources server \\(domain: other\\)[\\s\\S]*config: ${join(server, 'configs', 'my_env.yaml')}\\nsource: search-dir`));
});

test('installed from a packed tarball (files under node_modules, as from the registry), the scaffold still runs', { timeout: 240_000 }, async () => {
  const project = newProject('module');
  const packed = await execa('npm', ['pack', repoRoot, '--pack-destination', project, '--ignore-scripts', '--silent'], { cwd: project, reject: false });
  assert.equal(packed.exitCode, 0, String(packed.stderr));
  const tarball = join(project, String(packed.stdout).trim().split('\n').at(-1)!);
  // What `npm install <tarball>` lays out, without the registry: the package unpacked under node_modules, its
  // dependencies beside it (linked from this checkout's), and its bins in node_modules/.bin.
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  await execa('tar', ['-xzf', tarball, '-C', modules]);
  renameSync(join(modules, 'package'), join(modules, 'rollout-gym'));
  for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
    if (entry.startsWith('.') || entry === 'rollout-gym' || existsSync(join(modules, entry))) continue;
    symlinkSync(join(repoRoot, 'node_modules', entry), join(modules, entry));
  }
  for (const bin of ['gym', 'ng']) symlinkSync(`../rollout-gym/bin/${bin}.js`, join(modules, '.bin', bin));

  const init = await installed(project, 'ng', ['env', 'init', '--resources-server', 'packed_env']);
  assert.equal(init.exitCode, 0, String(init.stderr));
  assert.equal(existsSync(join(project, 'resources_servers', 'packed_env', 'package.json')), false, 'the project is ES modules already');
  const run = await installed(project, 'gym', ['eval', 'run', '--resources-server', 'packed_env', '--model-type', 'offline_model', '--split', 'example', '--output', 'results/packed.jsonl', `++head_server.port=${await freePort()}`]);
  assert.equal(run.exitCode, 0, String(run.stderr));
  assert.doesNotMatch(String(run.stderr), /ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING|ExperimentalWarning/);
  const rollouts = readJsonlFile(join(project, 'results', 'packed.jsonl')).sort((a, b) => (a._ng_task_index as number) - (b._ng_task_index as number));
  assert.deepEqual(rollouts.map((row) => row.reward), EXPECTED_REWARDS);
});
