// The launcher interface: start every shard of a collection somewhere (here, Slurm, Kubernetes), then their merge.
import { z } from 'zod';
import { readOptions } from '../config/options.ts';
import type { ResolvedConfig } from '../config/types.ts';
import type { CollectOptions } from '../rollouts/collect-options.ts';
import { buildLaunchPlan, type LaunchPlan } from './launch-plan.ts';

export interface LaunchIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** One way to run the shards. Each lives in its own module; the lifecycle only picks one and calls `launch`. */
export interface Launcher {
  /** Validate the launcher's own options (before anything is written), write its files, start or submit; exit code. */
  launch(plan: LaunchPlan, resolved: ResolvedConfig, io: LaunchIo): Promise<number>;
}

export const LAUNCHERS = ['local', 'slurm', 'kubernetes'] as const;

/** Top-level keys of the launchers, for the command's unknown-key check (`dry_run` is one of NeMo Gym's own keys). */
export const LAUNCH_OPTION_KEYS = ['launcher', 'slurm', 'kubernetes'] as const;

const flag = z.preprocess((value) => (value === 'true' || value === 'True' ? true : value === 'false' || value === 'False' ? false : value), z.boolean());
const SHAPE = { launcher: z.enum(LAUNCHERS).nullish(), dry_run: flag.default(false), shard_index: z.unknown().optional() };

/**
 * The launcher `+launcher=...` names, or undefined to collect here. A command with `shard_index` is one shard
 * and always collects here: that is what every launcher's shard command is.
 */
export function chosenLauncher(resolved: Pick<ResolvedConfig, 'tree' | 'origins'>, command: string): { name: (typeof LAUNCHERS)[number]; dryRun: boolean } | undefined {
  const { launcher, dry_run: dryRun, shard_index: shardIndex } = readOptions(resolved, SHAPE, { command });
  if (launcher === null || launcher === undefined || (shardIndex !== undefined && shardIndex !== null)) return undefined;
  return { name: launcher, dryRun };
}

/** Run the chosen launcher over every shard of this command. */
export async function launch(
  choice: { name: (typeof LAUNCHERS)[number]; dryRun: boolean },
  request: { argv: readonly string[]; resolved: ResolvedConfig; options: CollectOptions; command: string } & LaunchIo,
): Promise<number> {
  const plan = buildLaunchPlan({ ...request, launcher: choice.name, dryRun: choice.dryRun });
  const launcher: Launcher =
    choice.name === 'slurm'
      ? (await import('./slurm.ts')).slurmLauncher
      : choice.name === 'kubernetes'
        ? (await import('./kubernetes.ts')).kubernetesLauncher
        : (await import('./local.ts')).localLauncher;
  return launcher.launch(plan, request.resolved, request);
}
