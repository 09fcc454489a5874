// A real one-node Slurm for the tests: .ci/slurm/start.sh and stop.sh, and what the tests ask it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from '../helpers/cli.ts';
import { isAlive } from '../helpers/processes.ts';

export const KILL_WAIT_S = 10;

/** Why Slurm cannot run here (the test then skips with this), or undefined. */
export function whySlurmCannotRun(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: the Slurm daemons must start as root (CI runs as root)';
  const missing = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scancel'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length > 0) return `Slurm is not installed or not on PATH (${missing.join(', ')} not found; the daemons live in /usr/sbin): .ci/slurm/install.sh installs Debian's packages`;
  return undefined;
}

export interface SlurmCluster {
  state: string;
  env: NodeJS.ProcessEnv;
  stop(): void;
}

/** Start a cluster in a fresh state directory under proctrack/cgroup. */
export function startSlurm(): SlurmCluster {
  const state = mkdtempSync(join(tmpdir(), 'rg-slurm-'));
  const started = spawnSync('bash', [join(repoRoot, '.ci/slurm/start.sh'), state], {
    encoding: 'utf8',
    env: { ...process.env, RG_SLURM_PROCTRACK: 'proctrack/cgroup', RG_SLURM_KILL_WAIT: String(KILL_WAIT_S) },
  });
  if (started.status !== 0) throw new Error(`.ci/slurm/start.sh failed (exit ${started.status}):\n${started.stderr}\n${started.stdout}`);
  const env = { ...process.env, SLURM_CONF: join(state, 'etc', 'slurm.conf') };
  const daemons = ['slurmctld', 'slurmd', 'munged'].flatMap((name) => {
    const file = join(state, 'run', `${name}.pid`);
    return existsSync(file) ? [Number(readFileSync(file, 'utf8'))] : [];
  });
  return {
    state,
    env,
    stop: () => {
      spawnSync('bash', [join(repoRoot, '.ci/slurm/stop.sh'), state], { stdio: 'ignore' });
      const alive = daemons.filter(isAlive);
      if (alive.length > 0) throw new Error(`.ci/slurm/stop.sh left daemons running: ${alive.join(', ')}`);
    },
  };
}

/** `scontrol show config` value of `key`. */
export function slurmConfig(cluster: SlurmCluster, key: string): string | undefined {
  const text = execFileSync('scontrol', ['show', 'config'], { env: cluster.env, encoding: 'utf8' });
  return new RegExp(`^${key}\\s*=\\s*(.*)$`, 'm').exec(text)?.[1]?.trim();
}

/** Jobs (array tasks one per line) still in the queue among `ids`: `57_1 RUNNING`... */
export function queued(cluster: SlurmCluster, ids: readonly string[]): string[] {
  const result = spawnSync('squeue', ['--noheader', '--array', `--jobs=${ids.join(',')}`, '--format=%i %T'], { env: cluster.env, encoding: 'utf8' });
  // A job that left the queue long ago is an "Invalid job id" to squeue: it is not queued.
  return result.status === 0 ? result.stdout.split('\n').filter((line) => line.trim() !== '') : [];
}

/** Wait until none of `ids` is queued; returns the milliseconds waited. */
export async function waitForJobs(cluster: SlurmCluster, ids: readonly string[], timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (queued(cluster, ids).length > 0) {
    if (Date.now() - started > timeoutMs) throw new Error(`jobs ${ids.join(', ')} still queued after ${timeoutMs} ms: ${queued(cluster, ids).join('; ')}`);
    await sleep(200);
  }
  return Date.now() - started;
}

/** Final state of every job Slurm recorded (jobcomp/filetxt), by job id: `{state, arrayJob, arrayTask, name}`. */
export function finishedJobs(cluster: SlurmCluster): { id: string; name: string; state: string; arrayJob?: string; arrayTask?: string }[] {
  let text = '';
  try {
    text = readFileSync(join(cluster.state, 'log', 'jobcomp.txt'), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((line) => line.startsWith('JobId=')).map((line) => {
    const field = (name: string): string | undefined => new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)?.[1];
    return { id: field('JobId')!, name: field('Name')!, state: field('JobState')!, arrayJob: field('ArrayJobId'), arrayTask: field('ArrayTaskId') };
  });
}

/** Processes running as part of array task `task` of `arrayJob` (read from /proc/<pid>/environ). */
export function processesOfArrayTask(arrayJob: string, task: number): number[] {
  const wanted = [`SLURM_ARRAY_JOB_ID=${arrayJob}`, `SLURM_ARRAY_TASK_ID=${task}`];
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      return wanted.every((entry) => environ.includes(entry));
    } catch {
      return false;
    }
  }).map(Number);
}
