// Which Python runs a Python server: its own venv, else python_executable, else python3 on PATH.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ServerInstance } from '../../src/config/types.ts';
import { ConfigError } from '../../src/errors.ts';
import { choosePython, describePython } from '../../src/servers/python-interpreter.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

function layout(): { cwd: string; instance: ServerInstance } {
  const cwd = testTempDir('rg-which-python-');
  const dir = join(cwd, 'resources_servers', 'weather');
  mkdirSync(dir, { recursive: true });
  return { cwd, instance: { name: 'weather', kind: 'resources_servers', implementation: 'weather', config: {}, dir, entrypoint: 'app.py' } };
}

function fakeVenv(venv: string): string {
  mkdirSync(join(venv, 'bin'), { recursive: true });
  symlinkSync('/usr/bin/env', join(venv, 'bin', 'python'));
  return join(venv, 'bin', 'python');
}

const origins = new Map([['python_executable', 'command line `+python_executable=...`']]);

test("the server's own .venv wins over python_executable, and the startup text says so", () => {
  const { cwd, instance } = layout();
  const python = fakeVenv(join(instance.dir, '.venv'));
  const choice = choosePython(instance, { tree: { python_executable: '/usr/bin/python3' }, origins, cwd });
  assert.deepEqual(choice, { file: python, venv: join(instance.dir, '.venv'), reason: 'its .venv' });
  assert.equal(describePython(choice, cwd), 'resources_servers/weather/.venv/bin/python (its .venv)');
});

test("with uv_venv_dir set, the venv is looked for where NeMo Gym builds it: <uv_venv_dir>/<kind>/<implementation>/.venv", () => {
  const { cwd, instance } = layout();
  fakeVenv(join(instance.dir, '.venv'));
  const python = fakeVenv(join(cwd, 'venvs', 'resources_servers', 'weather', '.venv'));
  assert.equal(choosePython(instance, { tree: { uv_venv_dir: 'venvs' }, origins, cwd }).file, python);
});

test('without a venv, python_executable is used: a path relative to the working directory, or a name on PATH', () => {
  const { cwd, instance } = layout();
  writeFileSync(join(cwd, 'my-python'), '');
  assert.deepEqual(choosePython(instance, { tree: { python_executable: './my-python' }, origins, cwd }), { file: join(cwd, 'my-python'), reason: 'python_executable' });
  assert.deepEqual(choosePython(instance, { tree: { python_executable: 'python3.11' }, origins, cwd }), { file: 'python3.11', reason: 'python_executable' });
});

test('with neither, python3 from PATH', () => {
  const { cwd, instance } = layout();
  const choice = choosePython(instance, { tree: {}, origins: new Map(), cwd });
  assert.deepEqual(choice, { file: 'python3', reason: 'python3 on PATH' });
  assert.equal(describePython(choice, cwd), 'python3 (python3 on PATH)');
});

test('a python_executable that names no file is a config error naming the key, where it was set and the path it tried', () => {
  const { cwd, instance } = layout();
  const error = (() => {
    try {
      return choosePython(instance, { tree: { python_executable: 'venv/bin/python' }, origins, cwd });
    } catch (caught) {
      return caught;
    }
  })();
  assert.ok(error instanceof ConfigError);
  assert.equal(error.message, `python_executable names ${join(cwd, 'venv/bin/python')}, which does not exist`);
  assert.equal(error.key, 'python_executable');
  assert.equal(error.source, 'command line `+python_executable=...`');
  assert.throws(() => choosePython(instance, { tree: { python_executable: 3 }, origins, cwd }), /python_executable must be the path or name of a Python interpreter, got 3/);
});
