// One line of /proc/<pid>/stat, read by field: the fields after the command name, which is in parentheses and
// may itself hold spaces and parentheses (hence the last ')').
import { readFileSync } from 'node:fs';

export interface ProcStat {
  /** R, S, D, T, t, Z... */
  state: string;
  ppid: number;
  pgid: number;
  /** User and system CPU time so far, in clock ticks (10 ms here). */
  utimeTicks: number;
  stimeTicks: number;
}

/** The process's stat fields; undefined when it is gone or /proc cannot be read (not Linux). */
export function readProcStat(pid: number | string): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0]!, ppid: Number(fields[1]), pgid: Number(fields[2]), utimeTicks: Number(fields[11]), stimeTicks: Number(fields[12]) };
}
