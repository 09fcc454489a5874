// +launcher=slurm: a job array of shards and a merge job that waits for all of them (afterok); a rerun finishes the set.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { displayPath } from '../config/paths.ts';
import { readOptions } from '../config/options.ts';
import type { Launcher } from './launcher.ts';
import { readLaunchRecord, saveLaunchRecord, writeLaunchFile } from './launch-files.ts';
import { fixedPortNote } from './fixed-ports.ts';
import { shardStates, type ShardState } from './shard-status.ts';
import { arraySpec, cancel, queuedJobsSettled, submit, type QueuedJob } from './slurm-queue.ts';
import { MERGE_SCRIPT, mergeScript, SHARDS_SCRIPT, shardsScript, type SlurmSettings } from './slurm-scripts.ts';

const positiveInt = z.coerce.number().int().min(1);
const SHAPE = {
  slurm: z
    .strictObject({
      partition: z.string().min(1).optional(),
      time: z.union([z.string().min(1), z.number()]).transform(String).optional(),
      cpus_per_task: positiveInt.optional(),
      max_parallel: positiveInt.optional(),
      sbatch_lines: z.array(z.string()).default([]),
      setup_lines: z.array(z.string()).default([]),
    })
    .default({ sbatch_lines: [], setup_lines: [] }),
};

export const slurmLauncher: Launcher = {
  async launch(plan, resolved, io) {
    const settings: SlurmSettings = readOptions(resolved, SHAPE, { command: plan.command }).slurm;
    const print = (line: string): void => void io.stdout.write(`${line}\n`);
    const show = (path: string): string => displayPath(path, io.cwd);
    const note = fixedPortNote(resolved);
    if (note) print(`note: ${note}`);

    const record = readLaunchRecord(plan.dir);
    const context = { node: process.execPath, main: join(resolved.packageRoot, 'src', 'cli', 'main.ts'), userCommand: [plan.command, ...plan.userArgs] };
    const shards = join(plan.dir, SHARDS_SCRIPT);
    const merge = join(plan.dir, MERGE_SCRIPT);
    for (const [name, text] of [[SHARDS_SCRIPT, shardsScript(plan, settings, context)], [MERGE_SCRIPT, mergeScript(plan, settings, context)]] as const) {
      const kept = writeLaunchFile(plan.dir, name, text, record, 0o755);
      if (kept) print(`note: ${kept}`);
    }
    saveLaunchRecord(plan.dir, record);
    // Slurm does not create the directory of --output: without it a job fails before its first line.
    mkdirSync(join(plan.dir, 'logs'), { recursive: true });
    print(`Slurm job scripts for ${plan.numShards} shards of ${plan.output}:`);
    print(`  ${show(shards)}   job array: task i collects shard i into ${plan.shardOutput('<i>')}`);
    print(`  ${show(merge)}   ng_aggregate_rollouts over the shards into ${plan.output}`);
    const all = arraySpec([...Array(plan.numShards).keys()]);
    if (plan.dryRun) {
      print('Dry run: nothing submitted. Submit by hand with');
      print(`  array=$(sbatch --parsable --array=${all}${throttle(settings)} ${show(shards)})`);
      print(`  sbatch --dependency=afterok:$array --kill-on-invalid-dep=yes ${show(merge)}`);
      print('or run this command again without +dry_run=true (it also resubmits only unfinished shards after a cancel).');
      return 0;
    }

    const run = { cwd: plan.cwd, env: io.env };
    const names = [`${plan.jobName}-shards`, `${plan.jobName}-merge`];
    const queued = await queuedJobsSettled(names, run, (ending) => print(`Waiting for ${ending.map((job) => job.id).join(', ')} to finish ending (COMPLETING)...`));
    const activeShard = new Map<number, QueuedJob>();
    for (const job of queued) if (job.name === names[0] && job.arrayIndex !== undefined) activeShard.set(job.arrayIndex, job);
    const oldMerges = queued.filter((job) => job.name === names[1]);
    const states = await shardStates(plan);
    const toSubmit = states.flatMap((state, index) => (activeShard.has(index) || state.state === 'finished' ? [] : [index]));
    if (record.submissions.length > 0 || activeShard.size > 0) {
      print('Shards:');
      for (const [index, state] of states.entries()) print(`  shard ${index}: ${describe(state, activeShard.get(index), toSubmit.includes(index))}`);
    }
    if (toSubmit.length === 0 && oldMerges.length > 0) {
      print(`Nothing to submit: the merge job ${oldMerges.map((job) => job.id).join(', ')} is ${oldMerges[0]!.state.toLowerCase()}. Watch it with: squeue -j ${oldMerges.map((job) => job.id).join(',')}`);
      return 0;
    }
    // An old merge waits for the old array; the new one replaces it.
    await cancel(oldMerges.map((job) => job.id), run);
    for (const job of oldMerges) print(`Cancelled the earlier merge job ${job.id} (a new one waits for the shards submitted now).`);

    let arrayJob: string | undefined;
    if (toSubmit.length > 0) arrayJob = await submit(shards, [`--array=${arraySpec(toSubmit)}${throttle(settings)}`], run);
    const waitsFor = [...(arrayJob ? [arrayJob] : []), ...[...activeShard.values()].map((job) => job.id)];
    const mergeJob = await submit(merge, [...(waitsFor.length > 0 ? [`--dependency=afterok:${waitsFor.join(':')}`, '--kill-on-invalid-dep=yes'] : [])], run);
    record.submissions.push({ at: new Date().toISOString(), array_job: arrayJob ?? null, shards: toSubmit, merge_job: mergeJob, waits_for: waitsFor });
    saveLaunchRecord(plan.dir, record);

    if (arrayJob) print(`Submitted ${toSubmit.length} shard${toSubmit.length === 1 ? '' : 's'} as Slurm array job ${arrayJob} (tasks ${arraySpec(toSubmit)}).`);
    else print(activeShard.size > 0 ? 'No shard to submit: the unfinished ones are still queued or running.' : 'Every shard is finished: submitting the merge only.');
    print(`Submitted the merge as job ${mergeJob}${waitsFor.length > 0 ? `: it starts when ${waitsFor.join(', ')} succeeded` : ''}.`);
    const jobs = [...waitsFor.map((id) => id.split('_')[0]!), mergeJob];
    print(`  watch:  squeue -j ${[...new Set(jobs)].join(',')}`);
    print(`  logs:   ${show(join(plan.dir, 'logs'))}/shard_<i>.out, merge.out`);
    print(`  result: ${plan.output} and its _aggregate_metrics.json once job ${mergeJob} has ended`);
    print(`  stop:   scancel ${[...new Set(jobs)].join(' ')}`);
    print('After a cancel, a failed shard or a node failure, run this same command again: finished shards are kept and only the others are resubmitted, each resuming from its files.');
    return 0;
  },
};

function throttle(settings: SlurmSettings): string {
  return settings.max_parallel ? `%${settings.max_parallel}` : '';
}

function describe(state: ShardState, active: QueuedJob | undefined, resubmit: boolean): string {
  const progress = state.state === 'not started' ? 'not started' : `${state.state} (${state.done}/${state.total} rollouts done)`;
  if (active) return `${progress}, ${active.state.toLowerCase()} as job ${active.id}: left to it`;
  return resubmit ? `${progress}: submitted` : progress;
}
