// How many connections one process may hold to one origin without running out of file descriptors.
//
// Every rollout in flight holds a socket at each hop: at 20,000 in flight an agent would need ~50,000
// descriptors (its callers', the model's, the resources server's), past a common hard limit of 20,000,
// and calls would fail with EMFILE. Capping connections per origin to a quarter of the limit instead
// queues the excess calls in the client (they run as soon as a connection frees up): slower, never
// failing. A quarter, not a third: an agent holds three such sets, and sockets being closed still count.
import { readFileSync } from 'node:fs';

/** Descriptors kept for everything else (files, pipes, the listening socket, a head-server refresh). */
const RESERVED = 512;

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
 * The most connections to one origin this process should open: a quarter of what the descriptor limit
 * leaves (a hop holds its callers' sockets and its own calls'), at least 16; null (no cap) when unknown.
 */
export function connectionsPerOrigin(limit: number | null = openFileLimit()): number | null {
  if (limit === null) return null;
  return Math.max(16, Math.floor((limit - RESERVED) / 4));
}
