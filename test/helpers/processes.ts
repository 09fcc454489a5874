// Process liveness checks for teardown assertions: no pid a test started may outlive it.
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStat } from '../../src/servers/proc-stat.ts';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers kill(0); it no longer runs anything.
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** Every descendant pid of `pid` (children, grandchildren, ...), read from /proc. */
export function descendantsOf(pid: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(entry);
    if (stat === undefined) continue;
    const list = childrenOf.get(stat.ppid) ?? [];
    list.push(Number(entry));
    childrenOf.set(stat.ppid, list);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of childrenOf.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Wait until none of `pids` is alive; returns the ones still alive after `timeoutMs`. */
export async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(50);
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Processes whose environment names `parentPid` as their orchestrator (RG_PARENT_PID): the servers a command started. */
export function serversStartedBy(parentPid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`RG_PARENT_PID=${parentPid}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}
