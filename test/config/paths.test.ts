import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../../src/errors.ts';
import { packageRoot, resolveInputPath } from '../../src/config/paths.ts';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { tempProject } from './temp-project.ts';

test('packageRoot is the folder holding package.json', () => {
  assert.ok(existsSync(join(packageRoot, 'package.json')));
});

test('resolveInputPath prefers the working directory, then the package root', () => {
  using project = tempProject({ 'package.json': '{}', 'data/x.jsonl': '' });
  assert.equal(resolveInputPath('package.json', { cwd: project.dir }), join(project.dir, 'package.json'));
  assert.equal(resolveInputPath('data/x.jsonl', { cwd: project.dir }), join(project.dir, 'data/x.jsonl'));
  assert.equal(resolveInputPath('tsconfig.json', { cwd: project.dir }), join(packageRoot, 'tsconfig.json'));
  assert.equal(resolveInputPath('/etc/hostname', { cwd: project.dir }), '/etc/hostname');
});

test('a missing input path names the key, its origin and both places looked', () => {
  using project = tempProject();
  assert.throws(
    () => resolveInputPath('data/missing.jsonl', { cwd: project.dir, key: 'input_jsonl_fpath', source: 'command line `+input_jsonl_fpath=data/missing.jsonl`' }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message ===
        `file 'data/missing.jsonl' (input_jsonl_fpath, set at command line \`+input_jsonl_fpath=data/missing.jsonl\`) was not found. Looked in:\n` +
          `  - ${join(project.dir, 'data/missing.jsonl')}\n  - ${join(packageRoot, 'data/missing.jsonl')}` &&
      error.key === 'input_jsonl_fpath',
  );
});

test('extra roots come first: +extra_roots, then NEMO_GYM_EXTRA_ROOTS, then the working directory, then the package root', async () => {
  using project = tempProject({
    'cwd/shared.yaml': 'from: cwd\n',
    'cwd/env.yaml': 'policy_model_name: from-cwd-env\n',
    'option_root/shared.yaml': 'from: option root\n',
    'env_root/shared.yaml': 'from: env root\n',
    'env_root/only_here.yaml': 'only: env root\n',
    'env_root/env.yaml': 'policy_model_name: from-env-root\n',
    'env_root/resources_servers/plugin_env/app.py': '',
    'env_root/plugin.yaml': 'plugin:\n  resources_servers:\n    plugin_env: {entrypoint: app.py, domain: other}\n',
  });
  const cwd = join(project.dir, 'cwd');
  const env = { NEMO_GYM_EXTRA_ROOTS: '../env_root' };
  const viaEnv = await resolveConfig({ argv: ['+config_paths=[shared.yaml,only_here.yaml,plugin.yaml]'], cwd, env });
  assert.equal(viaEnv.tree.from, 'env root');
  assert.equal(viaEnv.tree.only, 'env root');
  // env.yaml too is looked up in the extra roots first, as NeMo Gym does.
  assert.equal(viaEnv.tree.policy_model_name, 'from-env-root');
  assert.equal(viaEnv.origins.get('policy_model_name'), `${join(project.dir, 'env_root/env.yaml')}:1:20`);
  assert.equal(viaEnv.servers[0]!.dir, join(project.dir, 'env_root/resources_servers/plugin_env'));
  assert.deepEqual(viaEnv.extraRoots, [join(project.dir, 'env_root')]);

  const viaOption = await resolveConfig({ argv: ['+extra_roots=[../option_root]', '+config_paths=[shared.yaml,only_here.yaml]'], cwd, env });
  assert.equal(viaOption.tree.from, 'option root');
  assert.equal(viaOption.tree.only, 'env root');
  assert.deepEqual(viaOption.extraRoots, [join(project.dir, 'option_root'), join(project.dir, 'env_root')]);

  const plain = await resolveConfig({ argv: ['+config_paths=[shared.yaml]'], cwd, env: {} });
  assert.equal(plain.tree.from, 'cwd');
  assert.equal(plain.tree.policy_model_name, 'from-cwd-env');
});

test('a config path found nowhere lists the extra roots first; an extra root that is not a directory is an error', async () => {
  using project = tempProject({ 'root/.keep': '' });
  await assert.rejects(resolveConfig({ argv: ['+config_paths=[gone.yaml]'], cwd: project.dir, env: { NEMO_GYM_EXTRA_ROOTS: 'root' } }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, `config_paths entry 'gone.yaml' was not found. Looked in:\n  - ${join(project.dir, 'root/gone.yaml')}\n  - ${join(project.dir, 'gone.yaml')}\n  - ${join(packageRoot, 'gone.yaml')}`);
    return true;
  });
  await assert.rejects(resolveConfig({ argv: ['+extra_roots=[nope]'], cwd: project.dir, env: {} }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, `extra root ${join(project.dir, 'nope')} is not a directory`);
    assert.equal(error.source, 'command line `+extra_roots=[nope]`');
    return true;
  });
});
