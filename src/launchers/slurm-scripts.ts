// The two sbatch scripts of a Slurm launch: the shard array and the merge. Plain bash, meant to be read and edited.
import { join } from 'node:path';
import { startEnvFor, v8FlagsFor } from '../../bin/launch.js';
import { displayPath } from '../config/paths.ts';
import type { LaunchPlan } from './launch-plan.ts';
import { shellCommand, shellWord } from './shell-words.ts';

export interface SlurmSettings {
  partition?: string | undefined;
  time?: string | undefined;
  cpus_per_task?: number | undefined;
  /** `%N` of `--array`: at most N shards run at once. */
  max_parallel?: number | undefined;
  /** Extra `#SBATCH` lines, e.g. `--mem=16G`, `--account=abc`. */
  sbatch_lines: string[];
  /** Shell lines run before the command, e.g. `module load nodejs`, `source venv/bin/activate`. */
  setup_lines: string[];
}

export interface ScriptContext {
  /** The node binary and the CLI entry point the jobs run (this installation's, on a shared filesystem). */
  node: string;
  main: string;
  /** The user's command, as typed (no literal secret: the plan refused those). */
  userCommand: string[];
}

export const SHARDS_SCRIPT = 'shards.sbatch';
export const MERGE_SCRIPT = 'merge.sbatch';

/** The job array: task i collects shard i and `exec`s the collector, so scancel's SIGTERM reaches it. */
export function shardsScript(plan: LaunchPlan, settings: SlurmSettings, context: ScriptContext): string {
  const here = shellWord(displayPath(join(plan.dir, SHARDS_SCRIPT), plan.cwd));
  return [
    '#!/bin/bash',
    `# rollout-gym: shard $SLURM_ARRAY_TASK_ID of ${plan.numShards}, a Slurm job array written by`,
    ...commentedCommand(context.userCommand),
    '# Edit it freely: running that command again keeps a script you changed, and resubmits only unfinished shards.',
    `#   all shards:     sbatch --array=0-${plan.numShards - 1} ${here}`,
    `#   one shard:      sbatch --array=1 ${here}`,
    `#   here, no Slurm: SLURM_ARRAY_TASK_ID=1 bash ${here}`,
    `#SBATCH --job-name=${plan.jobName}-shards`,
    ...commonDirectives(plan, settings),
    `#SBATCH --output=${join(plan.dir, 'logs', 'shard_%a.out')}`,
    ...(settings.cpus_per_task ? [`#SBATCH --cpus-per-task=${settings.cpus_per_task}`] : []),
    // With a time limit, the collector is warned a minute early: it stops, keeps what finished, and a rerun resumes.
    ...(settings.time ? ['#SBATCH --signal=B:TERM@60'] : []),
    ...settings.sbatch_lines.map(directive),
    '',
    'set -euo pipefail',
    `cd ${shellWord(plan.cwd)}`,
    ...settings.setup_lines,
    // The collector's malloc settings, as bin/launch.js gives them; a value the job's environment has wins.
    ...Object.entries(startEnvFor(plan.command, [], {})).map(([name, value]) => `export ${name}="\${${name}:-${value}}"`),
    '# `exec`: the collector becomes the job\'s task, so a scancel or a time limit (SIGTERM) reaches it under every',
    '# ProctrackType; it stops its servers and keeps every finished rollout. The shard index comes from',
    '# SLURM_ARRAY_TASK_ID; the shard count is fixed here (a one-task rerun has SLURM_ARRAY_TASK_COUNT=1).',
    `exec ${shellCommand([context.node, ...v8FlagsFor(plan.command, []), context.main, plan.command, ...plan.shardArgs('${oc.env:SLURM_ARRAY_TASK_ID}')], 3)}`,
    '',
  ].join('\n');
}

/** The merge job: ng_aggregate_rollouts over every shard, submitted to start once every shard succeeded. */
export function mergeScript(plan: LaunchPlan, settings: SlurmSettings, context: ScriptContext): string {
  const here = shellWord(displayPath(join(plan.dir, MERGE_SCRIPT), plan.cwd));
  return [
    '#!/bin/bash',
    `# rollout-gym: merge the ${plan.numShards} shards of ${plan.output} into it, after every shard succeeded. Written by`,
    ...commentedCommand(context.userCommand),
    `#   by hand, once every shard is done: sbatch ${here}   (or: bash ${here})`,
    `#SBATCH --job-name=${plan.jobName}-merge`,
    ...commonDirectives(plan, settings),
    `#SBATCH --output=${join(plan.dir, 'logs', 'merge.out')}`,
    ...settings.sbatch_lines.map(directive),
    '',
    'set -euo pipefail',
    `cd ${shellWord(plan.cwd)}`,
    ...settings.setup_lines,
    `exec ${shellCommand([context.node, context.main, 'ng_aggregate_rollouts', ...plan.mergeArgs], 3)}`,
    '',
  ].join('\n');
}

function commonDirectives(plan: LaunchPlan, settings: SlurmSettings): string[] {
  return [
    `#SBATCH --chdir=${plan.cwd}`,
    // A resubmitted shard appends to its log instead of erasing the story of the first attempt.
    '#SBATCH --open-mode=append',
    ...(settings.partition ? [`#SBATCH --partition=${settings.partition}`] : []),
    ...(settings.time ? [`#SBATCH --time=${settings.time}`] : []),
  ];
}

function directive(line: string): string {
  return `#SBATCH ${line.replace(/^#SBATCH\s+/, '').trim()}`;
}

function commentedCommand(words: readonly string[]): string[] {
  return shellCommand(words).split('\n').map((line) => `#   ${line}`);
}
