// What Slurm knows about a launch's jobs (squeue, by job name) and how jobs are submitted and cancelled.
import { setTimeout as sleep } from 'node:timers/promises';
import { runTool, type ToolRun } from './run-tool.ts';

export interface QueuedJob {
  /** `57` for a job, `57_1` for an array task. */
  id: string;
  name: string;
  state: string;
  /** The array task index, when the job is one. */
  arrayIndex?: number;
}

const MISSING = 'run this on a machine where Slurm\'s client commands work (a login node), or add +dry_run=true to only write the scripts';

type Run = Omit<ToolRun, 'missingHint'>;

/** This user's queued, running or ending jobs with these names; each array task separately. */
export async function queuedJobs(names: readonly string[], run: Run): Promise<QueuedJob[]> {
  const text = await runTool('squeue', ['--me', '--noheader', '--array', `--name=${names.join(',')}`, '--format=%i|%j|%T'], { ...run, missingHint: MISSING });
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const [id = '', name = '', state = ''] = line.trim().split('|');
    const task = /^\d+_(\d+)$/.exec(id);
    return { id, name, state, ...(task && { arrayIndex: Number(task[1]) }) };
  });
}

/**
 * The jobs once none of them is still ending (COMPLETING: Slurm is killing what is left of it). A shard that is
 * ending still holds its files, so nothing may be resubmitted over it before it is gone.
 */
export async function queuedJobsSettled(names: readonly string[], run: Run, onWait: (ending: QueuedJob[]) => void, deadlineMs = 180_000): Promise<QueuedJob[]> {
  const started = Date.now();
  let told = false;
  for (;;) {
    const jobs = await queuedJobs(names, run);
    const ending = jobs.filter((job) => job.state === 'COMPLETING');
    if (ending.length === 0 || Date.now() - started > deadlineMs) return jobs;
    if (!told) onWait(ending);
    told = true;
    await sleep(1000);
  }
}

/** `sbatch --parsable [options] script`: the new job's id. */
export async function submit(script: string, options: readonly string[], run: Run): Promise<string> {
  const out = await runTool('sbatch', ['--parsable', ...options, script], { ...run, missingHint: MISSING });
  // --parsable prints `<id>` or `<id>;<cluster>`.
  return out.split('\n').at(-1)!.split(';')[0]!.trim();
}

export async function cancel(ids: readonly string[], run: Run): Promise<void> {
  if (ids.length > 0) await runTool('scancel', [...ids], { ...run, missingHint: MISSING });
}

/** `0-2,5,7-8`: array indices as sbatch's --array wants them. */
export function arraySpec(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(',');
}
