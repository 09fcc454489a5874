// Signals and waits for a whole process group, so a server's grandchildren go down with it.
import { readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { processStop } from './on-signal.ts';
import { readProcStat } from './proc-stat.ts';

const hasProc = process.platform === 'linux';

/** True while any live (non-zombie) process belongs to group `pgid`. */
export function isGroupAlive(pgid: number): boolean {
  if (!hasProc) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  // kill(-pgid, 0) also answers for zombies nobody reaps (common with a container init), so read /proc.
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) > 57) continue;
    const stat = readProcStat(entry);
    if (stat?.pgid === pgid && stat.state !== 'Z') return true;
  }
  return false;
}

/** Send `signal` to the group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Wait until the group is gone; true if it went within `timeoutMs` (false at once when `hurry` is aborted). */
export async function waitForGroupGone(pgid: number, timeoutMs: number, hurry?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let pause = 10;
  while (isGroupAlive(pgid)) {
    if (Date.now() >= deadline || hurry?.aborted) return false;
    await sleep(pause);
    pause = Math.min(pause * 2, 100);
  }
  return true;
}

/**
 * SIGTERM the group, then SIGKILL whatever is left after `graceMs` (or as soon as a second Ctrl-C asks to hurry);
 * resolves once the group is gone.
 */
export async function stopProcessGroup(pgid: number, graceMs: number, hurry: AbortSignal = processStop.hurried): Promise<{ forced: boolean }> {
  if (!signalGroup(pgid, 'SIGTERM')) return { forced: false };
  if (await waitForGroupGone(pgid, graceMs, hurry)) return { forced: false };
  signalGroup(pgid, 'SIGKILL');
  await waitForGroupGone(pgid, 2000);
  return { forced: true };
}
