// The global keys NeMo Gym's parent fills into NEMO_GYM_CONFIG_DICT: every one, NeMo Gym's defaults and types, the user's value winning.
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { test } from 'node:test';
import { withNemoGymGlobals, type ParentFacts } from '../../src/servers/nemo-gym-globals.ts';

const facts: ParentFacts = {
  cwd: '/work/gym',
  headPort: 11000,
  serverPorts: [12001, 12002],
  python: { version: '3.11.7', ray: '2.58.0', openai: '2.7.2', rayClient: true },
  rayHeadAddress: '127.0.0.1:41234',
  modelEndpointTimeoutS: 60,
};

test("every key NeMo Gym's parent fills in, with its defaults and types", () => {
  const tree = withNemoGymGlobals({ head_server: { host: '127.0.0.1', port: 11000 } }, facts);
  assert.deepEqual(tree, {
    head_server: { host: '127.0.0.1', port: 11000 },
    use_absolute_ip: false,
    port_range_low: 10001,
    port_range_high: 20000,
    disallowed_ports: [11000, 12001, 12002],
    head_server_deps: ['ray[default]==2.58.0', 'openai==2.7.2'],
    allow_openai_version_skew: false,
    python_version: '3.11.7',
    skip_venv_if_present: false,
    dry_run: false,
    model_endpoint_readiness_timeout_seconds: 60,
    results_dir: '/work/gym/results',
    cache_dir: '/work/gym/cache',
    uv_cache_dir: '/work/gym/cache/uv',
    uv_venv_dir: '/work/gym',
    ray_head_node_address: '127.0.0.1:41234',
  });
});

test("a user's own value wins, and results_dir / cache_dir are made absolute as NeMo Gym does (children have other working directories)", () => {
  const tree = withNemoGymGlobals(
    { dry_run: false, port_range_low: 15000, allow_openai_version_skew: true, ray_head_node_address: '10.0.0.5:6379', results_dir: 'out/results', cache_dir: '~/gym-cache', disallowed_ports: [5000] },
    { ...facts, python: undefined, rayHeadAddress: null },
  );
  assert.equal(tree.port_range_low, 15000);
  assert.equal(tree.port_range_high, 20000);
  assert.equal(tree.allow_openai_version_skew, true);
  assert.equal(tree.ray_head_node_address, '10.0.0.5:6379');
  assert.deepEqual(tree.disallowed_ports, [5000]);
  assert.equal(tree.results_dir, '/work/gym/out/results');
  assert.equal(tree.cache_dir, `${homedir()}/gym-cache`);
  assert.equal(tree.uv_cache_dir, `${homedir()}/gym-cache/uv`);
});

test('without a Python server and without Ray: python_version null, no pinned deps, ray_head_node_address null', () => {
  const tree = withNemoGymGlobals({}, { ...facts, python: undefined, rayHeadAddress: null });
  assert.equal(tree.python_version, null);
  assert.deepEqual(tree.head_server_deps, []);
  assert.equal(tree.ray_head_node_address, null);
});
