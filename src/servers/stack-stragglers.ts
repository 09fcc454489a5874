// Processes of a stack that escaped its process groups: every child of a stack carries RG_STACK_ID in its
// environment, and so does whatever it starts (Ray's raylet starts its workers in process groups of their own, so
// stopping the raylet's group leaves them to exit on their own a moment later). Once every group of the stack
// is gone, whatever still carries the stack's id is killed, so that nothing outlives the command.
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStat } from './proc-stat.ts';

/** The variable naming the stack a process belongs to (not a secret: it only tells stacks apart). */
export const STACK_ID_VARIABLE = 'RG_STACK_ID';

export function newStackId(): string {
  return randomBytes(8).toString('hex');
}

/** Live processes (zombies excluded) whose environment says they belong to stack `stackId`. */
export function processesOfStack(stackId: string): number[] {
  if (process.platform !== 'linux') return [];
  const marker = `${STACK_ID_VARIABLE}=${stackId}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) > 57 || Number(entry) === process.pid) continue;
    const stat = readProcStat(entry);
    if (stat === undefined || stat.state === 'Z') continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) found.push(Number(entry));
    } catch {
      // Gone while we read it, or not ours to read.
    }
  }
  return found;
}

/** SIGKILL every process still carrying the stack's id and wait (up to `timeoutMs`) until they are gone. */
export async function killStackStragglers(stackId: string, timeoutMs = 2000): Promise<number[]> {
  const stragglers = processesOfStack(stackId);
  for (const pid of stragglers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (processesOfStack(stackId).length > 0 && Date.now() < deadline) await sleep(20);
  return stragglers;
}
