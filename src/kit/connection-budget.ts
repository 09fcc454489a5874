// How many connections one process may hold to one origin without running out of file descriptors.
//
// Every rollout in flight holds a socket at each hop: at 20,000 in flight an agent would need ~50,000
// descriptors (its callers', the model's, the resources server's), past a common hard limit of 20,000,
// and calls would fail with EMFILE. Capping connections per origin instead queues the excess calls in the
// client (they run as soon as a connection frees up): slower, never failing. An agent holds three such
// sets, so each gets a third of what the limit leaves after a reserve of a tenth. Measured under a limit
// of 20,000: with a quarter, the agent's descriptors peaked 23 above three full sets; with a third of
// what 512 left, it once ran into EMFILE; with this cap (6,000), the agent peaked at 13,808 descriptors at
// 5,000 in flight and 14,771 at 20,000. A quarter held 128 of 5,000 rollouts in flight back in every
// round, so a run of 20,000 rollouts took a fifth round for its last 512.
import { readFileSync } from 'node:fs';

/** Descriptors kept for everything else (files, pipes, the listening socket, a head-server refresh) and
 * for sockets still closing: a tenth of the limit, at least 512. */
function reservedOf(limit: number): number {
  return Math.max(512, Math.ceil(limit / 10));
}

/** RLIMIT_NOFILE (soft; Node raises it to the hard limit at startup), or null where it is unknown or unlimited. */
export function openFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.replace('Max open files', '').trim().split(/\s+/)[0]);
    return Number.isInteger(soft) && soft > 0 ? soft : null;
  } catch {
    return null;
  }
}

/**
 * The most connections to one origin this process should open: a third of what the descriptor limit
 * leaves after the reserve (a hop holds its callers' sockets and its own calls'), at least 16; null (no
 * cap) when unknown.
 */
export function connectionsPerOrigin(limit: number | null = openFileLimit()): number | null {
  if (limit === null) return null;
  return Math.max(16, Math.floor((limit - reservedOf(limit)) / 3));
}
