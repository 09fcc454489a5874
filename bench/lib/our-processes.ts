// Names the processes of one of our weather collections by their role (the collector, and each server by its directory).
import { readlinkSync } from 'node:fs';
import { basename } from 'node:path';

const roles: Record<string, string> = { simple_agent: 'agent', openai_model: 'model', example_simple_weather: 'resources' };

/** pid -> collector, agent, model, resources (another server: its directory; a process already gone: `pid N`). */
export function nameOurs(pids: readonly number[], collectorPid: number): Map<number, string> {
  return new Map(
    pids.map((pid) => {
      if (pid === collectorPid) return [pid, 'collector'];
      let directory = `pid ${pid}`;
      try {
        directory = basename(readlinkSync(`/proc/${pid}/cwd`));
      } catch {
        // Gone: its CPU reads as 0.
      }
      return [pid, roles[directory] ?? directory];
    }),
  );
}
