// Where each shard of a launch stands, from its files alone: a rerun resubmits exactly the unfinished ones.
import { existsSync } from 'node:fs';
import { planOf } from '../rollouts/collect-rollouts.ts';
import { loadResumeState } from '../rollouts/resume-state.ts';
import { runFilesFor } from '../rollouts/run-files.ts';
import { readManifest } from '../rollouts/run-manifest.ts';
import { describeShard } from '../rollouts/shard-partition.ts';
import { ConfigError } from '../errors.ts';
import { localShardPath, type LaunchPlan } from './launch-plan.ts';

export type ShardState =
  | { state: 'not started' }
  | { state: 'unfinished'; done: number; total: number }
  | { state: 'finished'; done: number; total: number };

/**
 * A shard is finished when resuming it would run nothing: every rollout succeeded or used up its attempts
 * (exactly the resume's own rule). A shard without a manifest or materialized inputs has not started.
 */
export async function shardState(plan: LaunchPlan, index: number): Promise<ShardState> {
  const files = runFilesFor(localShardPath(plan, index));
  const manifest = readManifest(files.manifest);
  if (manifest === undefined || !existsSync(files.materialized)) return { state: 'not started' };
  const expected = { index, count: plan.numShards };
  if (manifest.shard?.index !== expected.index || manifest.shard?.count !== expected.count) {
    const was = manifest.shard ? describeShard(manifest.shard) : 'an unsharded run';
    throw new ConfigError(`${files.manifest} belongs to ${was}, not to ${describeShard(expected)}: these shard files are from another launch`, {
      key: 'num_shards',
      hint: `keep num_shards=${manifest.shard?.count ?? 1} to continue that launch, or move ${plan.shardOutput('*')} away (or choose another output_jsonl_fpath) to start a new one`,
    });
  }
  let work;
  try {
    const resume = await loadResumeState(files.rollouts, files.failures, { path: files.materialized }, plan.options.maxAttempts);
    work = await planOf(files.materialized, resume).finally(() => resume.dispose());
  } catch {
    // A torn or half-written file: the shard's own resume repairs it, so it is unfinished.
    return { state: 'unfinished', done: 0, total: 0 };
  }
  const done = work.total - work.toRun;
  return { state: work.toRun === 0 ? 'finished' : 'unfinished', done, total: work.total };
}

/** The state of every shard, in index order. */
export async function shardStates(plan: LaunchPlan): Promise<ShardState[]> {
  const states: ShardState[] = [];
  for (let index = 0; index < plan.numShards; index++) states.push(await shardState(plan, index));
  return states;
}
