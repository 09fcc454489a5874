// A free loopback port for a server a test starts, taken below Linux's ephemeral range (32768-60999). A port
// get-port finds free inside that range (what it asks the kernel for by default) can become the source port of
// any test process's next outgoing connection before the server binds it: EADDRINUSE, a flaky test. Candidates
// are shuffled so that test files running side by side do not try the same ports in the same order.
import getPort from 'get-port';

const FIRST = 20_000;
const LAST = 32_000;

export function freePort(): Promise<number> {
  const candidates = Array.from({ length: LAST - FIRST + 1 }, (_, k) => FIRST + k);
  for (let k = candidates.length - 1; k > 0; k--) {
    const j = Math.floor(Math.random() * (k + 1));
    [candidates[k], candidates[j]] = [candidates[j]!, candidates[k]!];
  }
  return getPort({ port: candidates });
}
