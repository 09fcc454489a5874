// What every launcher runs: the shard command (the user's command, one shard of it) and the merge command.
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { parseOverride } from '../config/parse-cli-overrides.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { ConfigError } from '../errors.ts';
import type { CollectOptions } from '../rollouts/collect-options.ts';

export interface LaunchPlan {
  launcher: 'local' | 'slurm' | 'kubernetes';
  /** The collecting command every shard runs, e.g. ng_e2e_collect_rollouts, and the user's arguments as typed. */
  command: string;
  userArgs: string[];
  numShards: number;
  dryRun: boolean;
  cwd: string;
  /** `output_jsonl_fpath` as written: where the merge writes, relative to the jobs' working directory. */
  output: string;
  /** Where the launcher's own files go, `<output stem>_<launcher>/`, absolute on this machine. */
  dir: string;
  /** The shards' rollouts files, `<output stem>_shards/shard_<i>.jsonl`, as written in the commands. */
  shardOutput(index: number | string): string;
  /** Base of the jobs' names, unique per output path: `rg-<stem>-<hash>`. */
  jobName: string;
  /** The collector's arguments for one shard; `index` is a number or `${oc.env:VAR}` read where the shard runs. */
  shardArgs(index: number | string): string[];
  /** `ng_aggregate_rollouts` arguments: every shard into `output`. */
  mergeArgs: string[];
  /** The collection options (attempts decide when a shard is finished). */
  options: CollectOptions;
}

/** Keys the launcher sets on each shard itself, so the user's values of them are not passed on. */
const REPLACED_KEYS = new Set(['launcher', 'dry_run', 'slurm', 'kubernetes', 'num_shards', 'shard_index', 'output_jsonl_fpath', 'resume_from_cache']);

interface PlanRequest {
  argv: readonly string[];
  resolved: Pick<ResolvedConfig, 'cwd'>;
  options: CollectOptions;
  command: string;
  launcher: LaunchPlan['launcher'];
  dryRun: boolean;
}

export function buildLaunchPlan({ argv, resolved, options, command, launcher, dryRun }: PlanRequest): LaunchPlan {
  const userArgs = argv.filter((argument) => argument.trim() !== '');
  const kept = userArgs.filter((argument) => {
    const override = parseOverride(argument);
    const [top] = override.path;
    // Launcher settings name things (a Secret's name, a partition), they hold no credential.
    if (top !== 'slurm' && top !== 'kubernetes') refuseLiteralSecret(argument, override.argument, override.path.join('.'), launcher);
    return !REPLACED_KEYS.has(top!) && override.path.join('.') !== 'head_server.port';
  });
  const output = options.outputPath;
  const stem = output.replace(/\.jsonl$/, '');
  const shardOutput = (index: number | string): string => `${stem}_shards/shard_${index}.jsonl`;
  const outputPath = resolve(resolved.cwd, output);
  return {
    launcher,
    command,
    userArgs,
    numShards: options.numShards,
    dryRun,
    cwd: resolved.cwd,
    output,
    dir: `${outputPath.replace(/\.jsonl$/, '')}_${launcher}`,
    shardOutput,
    jobName: jobNameFor(outputPath),
    shardArgs: (index) => [
      ...kept,
      `++num_shards=${options.numShards}`,
      `++shard_index=${index}`,
      // `${shard_index}` is interpolated where the shard runs, so one text serves every shard.
      `++output_jsonl_fpath=${shardOutput('${shard_index}')}`,
      // A shard started again (rerun after a cancel, a node failure, a preemption) continues from its files.
      '++resume_from_cache=true',
      // Shards may share a node: each head server takes a free port (every other server does already).
      '++head_server.port=0',
    ],
    mergeArgs: [`+input_glob=${shardOutput('*')}`, `+output_jsonl_fpath=${output}`],
    options,
  };
}

/** The absolute path of shard `index`'s rollouts file on this machine. */
export function localShardPath(plan: LaunchPlan, index: number): string {
  return resolve(plan.cwd, plan.shardOutput(index));
}

/** A Slurm and Kubernetes friendly name (lower case, digits, `-`; at most 40 characters), unique per output path. */
function jobNameFor(outputPath: string): string {
  const base = basename(outputPath).replace(/\.jsonl$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24) || 'run';
  const hash = createHash('sha256').update(outputPath).digest('hex').slice(0, 6);
  return `rg-${base}-${hash}`;
}

/** Launchers write the command into files (and argv shows in `ps` on every node): no literal secret may be in it. */
function refuseLiteralSecret(argument: string, shown: string, key: string, launcher: string): void {
  if (shown === argument.replace(/\s*\n\s*/g, ' ') || /\$\{oc\.env:/.test(argument)) return;
  throw new ConfigError(`\`${shown}\` holds a secret, and +launcher=${launcher} writes the command into job files`, {
    key,
    source: `command line \`${shown}\``,
    hint: `read it from the environment where the job runs: '+${key}=\${oc.env:MY_KEY}' (Slurm jobs get the submitting shell's environment; on Kubernetes name a Secret with +kubernetes.env_from_secret), or put it in env.yaml in the working directory`,
  });
}
