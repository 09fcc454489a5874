// `config_sha256` of the run manifest: a digest of the config that decides what a rollout does.
import { createHash } from 'node:crypto';
import { isSecretKey } from '../config/secrets.ts';
import { isPlainObject } from '../config/tree.ts';
import { isServerKind } from '../config/server-kinds.ts';

/**
 * Top-level keys that say where and how a run goes, not what its rollouts are: outputs, shard choice, resume,
 * concurrency, deadlines, logs, ports, launchers. Shards of one command differ only in these (and in secrets,
 * hosts and ports), so they agree on the digest wherever they run.
 */
const OPERATIONAL_KEYS = new Set([
  'config_paths',
  'output_jsonl_fpath',
  'input_jsonl_fpath',
  'num_shards',
  'shard_index',
  'resume_from_cache',
  'reuse_existing_data_preparation',
  'num_samples_in_parallel',
  'rollout_timeout_s',
  'max_failure_fraction',
  'max_rollout_attempts',
  'report_peak_rss',
  'disable_aggregation',
  'server_startup_timeout_s',
  'shutdown_grace_s',
  'model_endpoint_readiness_timeout_seconds',
  'log_dir',
  'nemo_gym_log_dir',
  'head_server',
  'default_host',
  'verbose',
  'help',
  'launcher',
  'dry_run',
  'slurm',
  'kubernetes',
]);

/**
 * sha256 (hex) of config trees without operational keys, secrets, and servers' host and port; key order does not
 * matter. Several trees (a command's own and the servers' it talks to) are digested together, in order.
 */
export function configSha256(...trees: Record<string, unknown>[]): string {
  const digestable = trees.map((tree) => {
    const kept = Object.entries(withoutSecrets(tree) as Record<string, unknown>).filter(([key]) => !OPERATIONAL_KEYS.has(key));
    return Object.fromEntries(kept.map(([key, value]) => [key, withoutAddress(value)]));
  });
  return createHash('sha256').update(canonicalJson(digestable.length === 1 ? digestable[0] : digestable)).digest('hex');
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !isSecretKey(key)).map(([key, child]) => [key, withoutSecrets(child)]));
}

/** A server instance `{<kind>: {<implementation>: {host, port, ...}}}` without host and port (chosen per run). */
function withoutAddress(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const [kind, implementations, ...more] = Object.entries(value).flat();
  if (more.length > 0 || !isServerKind(kind) || !isPlainObject(implementations)) return value;
  const stripped = Object.entries(implementations).map(([name, block]) => {
    if (!isPlainObject(block)) return [name, block];
    const { host: _host, port: _port, ...rest } = block;
    return [name, rest];
  });
  return { [kind]: Object.fromEntries(stripped) };
}

/** JSON with object keys sorted at every level, so equal trees give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
