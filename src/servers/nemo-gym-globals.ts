// The global keys NeMo Gym's parent always fills into NEMO_GYM_CONFIG_DICT (nemo_gym/global_config.py, parse(), and
// initialize_ray() in nemo_gym/cli/env.py), with its defaults and types, so its Python servers run unchanged under us:
// server_utils reads some of them strictly (`global_config_dict["dry_run"]`), local_vllm_model reads
// `disallowed_ports` and `port_range_low/high`, the exporters read `results_dir`. A user's own value wins.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PythonFacts } from './python-probe.ts';

export interface ParentFacts {
  /** The orchestrator's working directory: NeMo Gym's WORKING_DIR for an installed (non-editable) NeMo Gym. */
  cwd: string;
  headPort: number;
  /** Every server's port, in config order. */
  serverPorts: readonly number[];
  /** The Python of the stack's Python servers; undefined when the stack has none. */
  python: PythonFacts | undefined;
  /** The Ray head the stack started (`host:port`), or null (each NeMo Gym server then starts its own). */
  rayHeadAddress: string | null;
  /** What the orchestrator waits for model endpoints, in seconds. */
  modelEndpointTimeoutS: number;
}

// NeMo Gym's defaults (global_config.py): setdefault(...) values.
const PORT_RANGE_LOW = 10_001;
const PORT_RANGE_HIGH = 20_000;

/** A copy of `tree` with every global key NeMo Gym's parent fills in; keys the user set keep the user's value. */
export function withNemoGymGlobals(tree: Record<string, unknown>, facts: ParentFacts): Record<string, unknown> {
  const userSet = (key: string): boolean => tree[key] !== undefined && tree[key] !== null;
  // Absolute, as NeMo Gym normalises them: every child resolves a relative path against its own cwd.
  const resultsDir = absolutePath(userSet('results_dir') ? tree.results_dir : 'results', facts.cwd);
  const cacheDir = absolutePath(userSet('cache_dir') ? tree.cache_dir : 'cache', facts.cwd);
  const defaults: Record<string, unknown> = {
    use_absolute_ip: false,
    port_range_low: PORT_RANGE_LOW,
    port_range_high: PORT_RANGE_HIGH,
    disallowed_ports: [facts.headPort, ...facts.serverPorts],
    head_server_deps: headServerDeps(facts.python),
    allow_openai_version_skew: false,
    python_version: facts.python?.version ?? null,
    skip_venv_if_present: false,
    dry_run: false,
    model_endpoint_readiness_timeout_seconds: facts.modelEndpointTimeoutS,
    results_dir: resultsDir,
    cache_dir: cacheDir,
    uv_cache_dir: typeof cacheDir === 'string' ? join(cacheDir, 'uv') : cacheDir,
    uv_venv_dir: facts.cwd,
    ray_head_node_address: facts.rayHeadAddress,
  };
  const filled: Record<string, unknown> = { ...tree };
  for (const [key, value] of Object.entries(defaults)) {
    if (!userSet(key)) filled[key] = value;
  }
  filled.results_dir = resultsDir;
  filled.cache_dir = cacheDir;
  return filled;
}

/** The environment NeMo Gym's run_command adds for a child besides the config (UV_CACHE_DIR). */
export function nemoGymChildEnv(tree: Record<string, unknown>): Record<string, string> {
  return typeof tree.uv_cache_dir === 'string' ? { UV_CACHE_DIR: tree.uv_cache_dir } : {};
}

// NeMo Gym pins the parent's ray (and openai) into every server venv: `ray[default]==<version>`, `openai==<version>`.
function headServerDeps(python: PythonFacts | undefined): string[] {
  return [python?.ray && `ray[default]==${python.ray}`, python?.openai && `openai==${python.openai}`].filter((dep): dep is string => Boolean(dep));
}

function absolutePath(value: unknown, cwd: string): unknown {
  if (typeof value !== 'string' || value === '') return value;
  return resolve(cwd, value.startsWith('~/') || value === '~' ? join(homedir(), value.slice(1)) : value);
}
