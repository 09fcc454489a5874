// +launcher=slurm: a job array of shards and a merge job that waits for all of them (afterok); a rerun finishes the set.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { displayPath } from '../config/paths.ts';
import { readOptions } from '../config/options.ts';
import type { Launcher } from './launcher.ts';
import { readLaunchRecord, saveLaunchRecord, writeLaunchFile, type LaunchRecord } from './launch-files.ts';
import type { LaunchPlan } from './launch-plan.ts';
import { fixedPortNote } from './fixed-ports.ts';
import { shardStates, type ShardState } from './shard-status.ts';
import { arraySpec, cancel, queuedJobsSettled, submit, type QueuedJob } from './slurm-queue.ts';
import { MERGE_SCRIPT, mergeScript, SHARDS_SCRIPT, shardsScript, type ScriptContext, type SlurmSettings } from './slurm-scripts.ts';

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
    const scripts = writeScripts(plan, settings, { node: process.execPath, main: join(resolved.packageRoot, 'src', 'cli', 'main.ts'), userCommand: [plan.command, ...plan.userArgs] }, record, print);
    print(`Slurm job scripts for ${plan.numShards} shards of ${plan.output}:`);
    print(`  ${show(scripts.shards)}   job array: task i collects shard i into ${plan.shardOutput('<i>')}`);
    print(`  ${show(scripts.merge)}   ng_aggregate_rollouts over the shards into ${plan.output}`);
    if (plan.dryRun) {
      print('Dry run: nothing submitted. Submit by hand with');
      print(`  array=$(sbatch --parsable --array=${arraySpec([...Array(plan.numShards).keys()])}${throttle(settings)} ${show(scripts.shards)})`);
      print(`  sbatch --dependency=afterok:$array --kill-on-invalid-dep=yes ${show(scripts.merge)}`);
      print('or run this command again without +dry_run=true (it also resubmits only unfinished shards after a cancel).');
      return 0;
    }

    const run = { cwd: plan.cwd, env: io.env };
    const names = { shards: `${plan.jobName}-shards`, merge: `${plan.jobName}-merge` };
    const queued = await queuedJobsSettled([names.shards, names.merge], run, (ending) => print(`Waiting for ${ending.map((job) => job.id).join(', ')} to finish ending (COMPLETING)...`));
    const running = new Map(queued.filter((job) => job.name === names.shards && job.arrayIndex !== undefined).map((job) => [job.arrayIndex!, job]));
    const oldMerges = queued.filter((job) => job.name === names.merge);
    const states = await shardStates(plan);
    const toSubmit = states.flatMap((state, index) => (running.has(index) || state.state === 'finished' ? [] : [index]));
    if (record.submissions.length > 0 || running.size > 0) {
      print('Shards:');
      for (const [index, state] of states.entries()) print(`  shard ${index}: ${describe(state, running.get(index), toSubmit.includes(index))}`);
    }
    if (toSubmit.length === 0 && oldMerges.length > 0) {
      const ids = oldMerges.map((job) => job.id);
      print(`Nothing to submit: the merge job ${ids.join(', ')} is ${oldMerges[0]!.state.toLowerCase()}. Watch it with: squeue -j ${ids.join(',')}`);
      return 0;
    }
    // An earlier merge waits for the earlier array (a cancelled task of which it would wait for forever); a new one replaces it.
    await cancel(oldMerges.map((job) => job.id), run);
    for (const job of oldMerges) print(`Cancelled the earlier merge job ${job.id} (a new one waits for the shards submitted now).`);

    const arrayJob = toSubmit.length > 0 ? await submit(scripts.shards, [`--array=${arraySpec(toSubmit)}${throttle(settings)}`], run) : undefined;
    const waitsFor = [...(arrayJob ? [arrayJob] : []), ...[...running.values()].map((job) => job.id)];
    const mergeJob = await submit(scripts.merge, waitsFor.length > 0 ? [`--dependency=afterok:${waitsFor.join(':')}`, '--kill-on-invalid-dep=yes'] : [], run);
    record.submissions.push({ at: new Date().toISOString(), array_job: arrayJob ?? null, shards: toSubmit, merge_job: mergeJob, waits_for: waitsFor });
    saveLaunchRecord(plan.dir, record);

    if (arrayJob) print(`Submitted ${toSubmit.length} shard${toSubmit.length === 1 ? '' : 's'} as Slurm array job ${arrayJob} (tasks ${arraySpec(toSubmit)}).`);
    else print(running.size > 0 ? 'No shard to submit: the unfinished ones are still queued or running.' : 'Every shard is finished: submitting the merge only.');
    print(`Submitted the merge as job ${mergeJob}${waitsFor.length > 0 ? `: it starts when ${waitsFor.join(', ')} succeeded` : ''}.`);
    const jobs = [...new Set([...waitsFor.map((id) => id.split('_')[0]!), mergeJob])];
    print(`  watch:  squeue -j ${jobs.join(',')}`);
    print(`  logs:   ${show(join(plan.dir, 'logs'))}/shard_<i>.out, merge.out`);
    print(`  result: ${plan.output} and its _aggregate_metrics.json once job ${mergeJob} has ended`);
    print(`  stop:   scancel ${jobs.join(' ')}`);
    print('After a cancel, a failed shard or a node failure, run this same command again: finished shards are kept and only the others are resubmitted, each resuming from its files.');
    return 0;
  },
};

/** Write both scripts (keeping one the user edited) and the logs folder Slurm's --output needs but never creates. */
function writeScripts(plan: LaunchPlan, settings: SlurmSettings, context: ScriptContext, record: LaunchRecord, print: (line: string) => void): { shards: string; merge: string } {
  for (const [name, text] of [[SHARDS_SCRIPT, shardsScript(plan, settings, context)], [MERGE_SCRIPT, mergeScript(plan, settings, context)]] as const) {
    const kept = writeLaunchFile(plan.dir, name, text, record, 0o755);
    if (kept) print(`note: ${kept}`);
  }
  saveLaunchRecord(plan.dir, record);
  mkdirSync(join(plan.dir, 'logs'), { recursive: true });
  return { shards: join(plan.dir, SHARDS_SCRIPT), merge: join(plan.dir, MERGE_SCRIPT) };
}

function throttle(settings: SlurmSettings): string {
  return settings.max_parallel ? `%${settings.max_parallel}` : '';
}

function describe(state: ShardState, running: QueuedJob | undefined, resubmit: boolean): string {
  const progress = state.state === 'not started' ? 'not started' : `${state.state} (${state.done}/${state.total} rollouts done)`;
  if (running) return `${progress}, ${running.state.toLowerCase()} as job ${running.id}: left to it`;
  return resubmit ? `${progress}: submitted` : progress;
}
