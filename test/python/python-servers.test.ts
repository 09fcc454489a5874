// Python servers without the fixture venv: one that needs only the standard library (so no Ray: nothing changes),
// and one whose dependency is missing (reported as such, not as a traceback).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { parse } from 'yaml';
import { resolveConfig } from '../../src/config/resolve-config.ts';
import { startServerStack } from '../../src/servers/server-stack.ts';
import { spawnCli } from '../helpers/cli.ts';
import { descendantsOf, serversStartedBy, waitUntilGone } from '../helpers/processes.ts';
import { MemoryStream } from '../servers/stack-fixtures.ts';
import { fixtureResolved, fixtureRoot, stdlibOnlyPython } from './python-env.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

const hasPython3 = (() => {
  try {
    execFileSync('python3', ['-c', 'pass']);
    return true;
  } catch {
    return false;
  }
})();
const noPython3 = hasPython3 ? false : 'python3 is not on PATH: install Python 3 to run the Python server tests';

test('without Ray a Python server starts as before, and gets every global key NeMo Gym fills in (ray_head_node_address null)', { skip: noPython3, timeout: 60_000 }, async () => {
  const python = stdlibOnlyPython();
  const dir = testTempDir('rg-no-ray-');
  const resolved = await fixtureResolved(['+config_paths=[resources_servers/stdlib_echo/configs/stdlib_echo.yaml]', `+head_server.port=${await freePort()}`, `+log_dir=${join(dir, 'logs')}`, `+python_executable=${python}`, '+results_dir=my-results']);
  const stdout = new MemoryStream();
  const stack = await startServerStack(resolved, { stdout, stderr: new MemoryStream(), env: { ...process.env, CI: 'true', RG_RUNS_DIR: join(dir, 'runs') } });
  const started = descendantsOf(process.pid);
  try {
    assert.match(stdout.text, new RegExp(`resources_server stdlib_echo starting \\(resources_servers/stdlib_echo, python: ${python} \\(python_executable\\)\\)`));
    assert.doesNotMatch(stdout.text, /Ray head/);
    const url = stack.servers[0]!.url;
    const config = parse((await (await fetch(`${url}/config`)).json()) as string) as Record<string, unknown>;
    const version = execFileSync(python, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
    assert.equal(config.ray_head_node_address, null);
    assert.equal(config.python_version, version);
    assert.deepEqual(config.head_server_deps, [], 'a Python without ray or openai pins nothing');
    assert.equal(config.dry_run, false);
    assert.equal(config.results_dir, join(fixtureRoot, 'my-results'), "the user's results_dir, made absolute");
    assert.deepEqual(config.disallowed_ports, [(config.head_server as { port: number }).port, stack.servers[0]!.port]);
    const env = (await (await fetch(`${url}/env`)).json()) as Record<string, string | null>;
    assert.equal(env.UV_CACHE_DIR, join(fixtureRoot, 'cache', 'uv'));
    assert.equal(env.RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER, null, 'no Ray head, so no Ray settings');
  } finally {
    await stack.stop();
  }
  assert.equal(existsSync(join(stack.logDir, 'ray_head.log')), false, 'no Ray head was started');
  assert.deepEqual(await waitUntilGone(started, 3000), []);
});

test('a missing module is reported with the server, the module, the interpreter and the pip command, not as a traceback', { skip: noPython3, timeout: 60_000 }, async () => {
  const dir = testTempDir('rg-missing-module-');
  const run = spawnCli('ng_run', ['+config_paths=[resources_servers/needs_missing_module/configs/needs_missing_module.yaml]', `+head_server.port=${await freePort()}`, `+log_dir=${join(dir, 'logs')}`], {
    cwd: fixtureRoot,
    env: { RG_RUNS_DIR: join(dir, 'runs') },
  });
  const result = await run;
  assert.equal(result.exitCode, 1);
  const stderr = String(result.stderr);
  const requirements = join(fixtureRoot, 'resources_servers/needs_missing_module/requirements.txt');
  assert.match(stderr, /resources_server needs_missing_module cannot start: Python module 'rg_test_module_that_is_not_installed' is not installed for python3 \(python3 on PATH\)/);
  assert.match(stderr, /error: +ModuleNotFoundError: No module named 'rg_test_module_that_is_not_installed'/);
  assert.ok(stderr.includes(`python3 -m pip install rg_test_module_that_is_not_installed, or the server's own requirements: python3 -m pip install -r ${requirements}`), stderr);
  assert.doesNotMatch(stderr.slice(stderr.indexOf('cannot start')), /Traceback|File ".*app\.py"/, 'the report itself carries no traceback');
  assert.deepEqual(serversStartedBy(run.pid!), []);
});

test("a server folder's own .venv runs the server, activated as NeMo Gym's `source .venv/bin/activate` would, and the startup line says so", { skip: noPython3, timeout: 60_000 }, async (t) => {
  const cwd = testTempDir('rg-own-venv-');
  const serverDir = join(cwd, 'resources_servers', 'stdlib_echo');
  cpSync(join(fixtureRoot, 'resources_servers', 'stdlib_echo'), serverDir, { recursive: true });
  try {
    execFileSync('python3', ['-m', 'venv', '--without-pip', join(serverDir, '.venv')]);
  } catch (error) {
    return t.skip(`python3 -m venv does not work here (${(error as Error).message.split('\n')[0]})`);
  }
  const resolved = await resolveConfig({ argv: ['+config_paths=[resources_servers/stdlib_echo/configs/stdlib_echo.yaml]', `+head_server.port=${await freePort()}`, `+log_dir=${join(cwd, 'logs')}`, '+python_executable=/usr/bin/false'], cwd, env: process.env });
  const stdout = new MemoryStream();
  const stack = await startServerStack(resolved, { stdout, stderr: new MemoryStream(), env: { ...process.env, CI: 'true', RG_RUNS_DIR: join(cwd, 'runs') } });
  const started = descendantsOf(process.pid);
  try {
    assert.match(stdout.text, /resources_server stdlib_echo starting \(resources_servers\/stdlib_echo, python: resources_servers\/stdlib_echo\/\.venv\/bin\/python \(its \.venv\)\)/, 'its .venv wins over python_executable');
    const env = (await (await fetch(`${stack.servers[0]!.url}/env`)).json()) as Record<string, string | null>;
    assert.equal(env.VIRTUAL_ENV, join(serverDir, '.venv'));
    assert.equal(env.executable, join(serverDir, '.venv', 'bin', 'python'));
  } finally {
    await stack.stop();
  }
  assert.deepEqual(await waitUntilGone(started, 3000), []);
});
