// The three server kinds and the top-level keys that are never server instances (SPEC 1.8).

export const SERVER_KINDS = ['responses_api_models', 'resources_servers', 'responses_api_agents'] as const;

export type ServerKind = (typeof SERVER_KINDS)[number];

/** True when `value` names a server kind. */
export function isServerKind(value: unknown): value is ServerKind {
  return typeof value === 'string' && (SERVER_KINDS as readonly string[]).includes(value);
}

/** NeMo Gym's reserved top-level keys: never treated as server instances. */
export const RESERVED_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'config_paths',
  'entrypoint',
  'default_host',
  'head_server',
  'disallowed_ports',
  'head_server_deps',
  'python_version',
  'pip_install_verbose',
  'use_absolute_ip',
  'uv_pip_set_python',
  'skip_venv_if_present',
  'hf_token',
  'ray_head_node_address',
  'port_range_low',
  'port_range_high',
  'dry_run',
  'model_endpoint_readiness_timeout_seconds',
  'allow_openai_version_skew',
  'uv_cache_dir',
  'uv_venv_dir',
  'results_dir',
  'cache_dir',
  '_inherit_from',
  '_copy',
  'nemo_gym_log_dir',
  'verbose',
  'json',
  'query',
  'observability_enabled',
  'model_call_capture_dir',
  'token_id_capture',
  'component_name',
  'skip_verification',
  'skip_verification_reward',
]);

/** Keys every command accepts besides its own options: help switches and the conventional policy_* values. */
export const COMMON_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'help',
  'h',
  'policy_base_url',
  'policy_api_key',
  'policy_model_name',
  'error_on_almost_servers',
  'extra_roots',
]);
