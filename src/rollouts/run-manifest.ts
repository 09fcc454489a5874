// The run manifest beside the outputs: what the run was started with, so a resume can refuse a different run.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { RolloutGymError } from '../errors.ts';
import type { CollectOptions } from './collect-options.ts';
import { describeShard, type ShardSpec } from './shard-partition.ts';

export interface RunManifest {
  format: 'rollout-gym-run/1';
  input: { path: string; bytes: number; sha256: string };
  settings: Record<string, unknown>;
  /** Which shard of the input this run collects (`shard_index`, `num_shards`); null when unsharded. */
  shard?: ShardSpec | null;
  /** sha256 of the config that decides what a rollout does (src/rollouts/config-digest.ts); shards of one command agree. */
  config_sha256?: string | null;
  started_at: string;
}

/** What makes two runs the same run (the manifest without its format and start time). */
export type RunIdentity = Omit<RunManifest, 'started_at' | 'format'>;

/** The options that decide which rollouts exist and what each one sends. */
export function identitySettings(options: CollectOptions): Record<string, unknown> {
  return {
    agent_name: options.agentName ?? null,
    limit: options.limit,
    num_repeats: options.numRepeats,
    num_repeats_add_seed: options.addSeed,
    responses_create_params: options.overrides,
  };
}

/** Describe the input file by content (size and sha256), streamed. */
export async function describeInput(path: string, displayPath: string): Promise<RunManifest['input']> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { path: displayPath, bytes: statSync(path).size, sha256: hash.digest('hex') };
}

export function writeManifest(path: string, manifest: RunManifest): void {
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

export function readManifest(path: string): RunManifest | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as RunManifest;
}

/**
 * Refuse to resume when the input, the shard or an identity setting differs; the message lists every difference.
 * Returns notes for what may differ (the config digest: e.g. a new endpoint after a node failure).
 */
export function assertSameRun(previous: RunManifest, current: RunIdentity, manifestPath: string): string[] {
  const differences: string[] = [];
  const shardText = (shard: ShardSpec | null | undefined): string => (shard ? describeShard(shard) : 'unsharded');
  if (shardText(previous.shard) !== shardText(current.shard)) differences.push(`shard: was ${shardText(previous.shard)}, now ${shardText(current.shard)}`);
  if (previous.input.sha256 !== current.input.sha256) {
    differences.push(`input: was ${previous.input.path} (${previous.input.bytes} bytes, sha256 ${previous.input.sha256.slice(0, 12)}), now ${current.input.path} (${current.input.bytes} bytes, sha256 ${current.input.sha256.slice(0, 12)})`);
  }
  const keys = new Set([...Object.keys(previous.settings), ...Object.keys(current.settings)]);
  for (const key of keys) {
    const before = JSON.stringify(previous.settings[key] ?? null);
    const now = JSON.stringify(current.settings[key] ?? null);
    if (before !== now) differences.push(`${key}: was ${before}, now ${now}`);
  }
  if (differences.length === 0) {
    const before = previous.config_sha256;
    const now = current.config_sha256;
    return before && now && before !== now ? [`the config differs from the one this run started with (config_sha256 ${before.slice(0, 12)}, now ${now.slice(0, 12)}): rollouts collected before and after this resume are in one file`] : [];
  }
  throw new RolloutGymError('cannot resume: this run differs from the one that was started', {
    code: 'RG_RESUME',
    details: differences.map((line) => `- ${line}`).join('\n'),
    hint: `resume with the same input and settings, or start a fresh run (drop +resume_from_cache=true, or choose another output_jsonl_fpath). Started run: ${manifestPath}`,
  });
}
