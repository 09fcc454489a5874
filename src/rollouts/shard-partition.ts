// Which shard a task belongs to, and the `+num_shards` / `+shard_index` options that choose one shard.
import { ConfigError } from '../errors.ts';

/** One shard of a sharded collection: `index` in 0..count-1. */
export interface ShardSpec {
  index: number;
  count: number;
}

/**
 * The partition (the contract every shard and every merge relies on): task `t` belongs to shard `t mod N`.
 *
 * Round-robin over `_ng_task_index`, the task's global index after `limit` (the order of first appearance in the
 * input). It is a pure function of the task index and N, so every shard decides alone, while streaming, and gets
 * the same answer on every node. All repeats of a task share its index, so they land in one shard (pass@k needs
 * them together). Round-robin rather than blocks: inputs are often sorted by source or difficulty, and
 * interleaving gives every shard a like mix, so shards end at about the same time. The number of tasks is not
 * needed (a block partition would need it, and so a first pass over the input).
 */
export function shardOfTask(taskIndex: number, numShards: number): number {
  return ((taskIndex % numShards) + numShards) % numShards;
}

/** The shard a command runs, from its `num_shards` / `shard_index` options; undefined for an unsharded run. */
export function shardSpecOf(
  numShards: number | null | undefined,
  shardIndex: number | null | undefined,
  origins: ReadonlyMap<string, string>,
  context: { launchable: boolean },
): ShardSpec | undefined {
  const count = numShards ?? 1;
  if (shardIndex === null || shardIndex === undefined) {
    if (count === 1) return undefined;
    const where = origins.get('num_shards') ?? 'the config';
    throw new ConfigError(`num_shards=${count} (${where}) needs shard_index: which of the ${count} shards should this command collect?`, {
      key: 'shard_index',
      hint: [
        `run one shard here with +shard_index=<0..${count - 1}>, or take it from the scheduler: '+shard_index=\${oc.env:SLURM_ARRAY_TASK_ID}' (Slurm array) or '+shard_index=\${oc.env:JOB_COMPLETION_INDEX}' (Kubernetes Indexed Job)`,
        ...(context.launchable ? [`or launch all ${count} shards and their merge with +launcher=slurm, +launcher=kubernetes or +launcher=local`] : []),
      ].join('\n'),
    });
  }
  if (shardIndex >= count) {
    throw new ConfigError(`shard_index=${shardIndex} (${origins.get('shard_index') ?? 'the config'}) is out of range: with num_shards=${count} the shards are 0..${count - 1}`, {
      key: 'shard_index',
      source: origins.get('shard_index'),
      hint: count === 1 ? 'pass +num_shards=<N> with the number of shards, the same on every shard' : `use a shard_index from 0 to ${count - 1}, or fix num_shards (the same on every shard)`,
    });
  }
  return { index: shardIndex, count };
}

/** How logs name a shard: "shard_index=1 of num_shards=3", in the options' own words. */
export function describeShard(shard: ShardSpec): string {
  return `shard_index=${shard.index} of num_shards=${shard.count}`;
}
