// CPU time of processes read from /proc, in ns: the sum of every thread's on-CPU time (schedstat), so a
// slice of a second is measured to the microsecond instead of to the 10 ms tick of /proc/<pid>/stat.
import { readdirSync, readFileSync } from 'node:fs';
import { readProcStat } from '../../src/servers/proc-stat.ts';

/** On-CPU ns of all live threads of `pid` (0 once it is gone). */
export function threadCpuNs(pid: number): number {
  let total = 0;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const tid of tasks) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return total;
}

/** On-CPU ns of `pid`'s main thread alone (its event loop; V8's compiler and GC helper threads left out). */
export function mainThreadCpuNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

/** CPU ns of each pid now. */
export function cpuNsOf(pids: readonly number[]): Map<number, number> {
  return new Map(pids.map((pid) => [pid, threadCpuNs(pid)]));
}

/** CPU ms each pid spent between two readings (a pid missing from `before` counts from 0). */
export function cpuMsBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): Map<number, number> {
  const spent = new Map<number, number>();
  for (const [pid, ns] of after) spent.set(pid, Math.max(0, ns - (before.get(pid) ?? 0)) / 1e6);
  return spent;
}

/** Freeze (SIGSTOP) or thaw (SIGCONT) processes; a process already gone is skipped. */
export function signalAll(pids: readonly number[], signal: 'SIGSTOP' | 'SIGCONT'): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone.
    }
  }
}

/** Resolves once every pid is stopped (state T) or gone, so CPU read next no longer moves. */
export async function waitStopped(pids: readonly number[], timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const running = pids.filter((pid) => {
      const state = readProcStat(pid)?.state;
      return state !== undefined && state !== 'T' && state !== 't' && state !== 'Z';
    });
    if (running.length === 0) return;
    if (performance.now() > deadline) throw new Error(`processes ${running.join(', ')} did not stop within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Voluntary + involuntary context switches of `pid` so far (/proc/<pid>/status: its main thread). */
export function contextSwitches(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return [...status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}
