// A free loopback port for a server a test starts, taken below Linux's ephemeral range (32768-60999). A port
// get-port finds free inside that range (what it asks the kernel for by default) can become the source port of
// any test process's next outgoing connection before the server binds it: EADDRINUSE, a flaky test. Candidates
// are shuffled so that test files running side by side do not try the same ports in the same order.
//
// Free is not enough: two test files running side by side (`node --test --test-concurrency=2`) can each find the
// same port free in the moment before either server binds it, and one of them then fails to start, or talks to the
// other file's server. get-port's own reservation holds only within one process, so every port handed out is also
// claimed in a directory all test processes share: a claim is a file created with O_EXCL, named after the port
// and the current claim period. A port claimed in this period or the last is not handed out again; a claim thus
// lasts one to two periods, long enough for any test's server to bind, and older claims are removed as they go.
// A process removes its own claims when it exits (its servers are gone by then), and the directory once empty.
import getPort from 'get-port';
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const CLAIM_PERIOD_MS = 120_000;

export interface PortRange {
  first: number;
  last: number;
  /** The directory every process handing out ports from this range shares. */
  claimsDir: string;
}

const ownClaims: string[] = [];
process.on('exit', () => {
  for (const file of ownClaims) rmSync(file, { force: true });
  for (const dir of new Set(ownClaims.map(dirname))) {
    try {
      rmdirSync(dir);
    } catch {
      // Another test process still holds claims there.
    }
  }
});

const TEST_PORTS: PortRange = { first: 20_000, last: 32_000, claimsDir: join(tmpdir(), 'rollout-gym-test-port-claims') };

export function freePort(range: PortRange = TEST_PORTS): Promise<number> {
  return claimFreePort(range);
}

async function claimFreePort({ first, last, claimsDir }: PortRange): Promise<number> {
  mkdirSync(claimsDir, { recursive: true });
  const period = Math.floor(Date.now() / CLAIM_PERIOD_MS);
  removeClaimsBefore(claimsDir, period - 1);
  const candidates = shuffled(first, last);
  const claimedElsewhere = new Set<number>();
  for (let attempt = 0; attempt < candidates.length; attempt++) {
    const port = await getPort({ port: candidates, exclude: claimedElsewhere }).catch(() => undefined);
    // get-port answers a port outside the list (one the kernel picks) when every candidate is taken.
    if (port === undefined || port < first || port > last) break;
    if (claim(claimsDir, port, period)) return port;
    claimedElsewhere.add(port);
  }
  throw new Error(`no free port in ${first}-${last} that another test process has not claimed (claims in ${claimsDir})`);
}

/** True when this process now holds `port`: nobody claimed it in this period or the last. */
function claim(claimsDir: string, port: number, period: number): boolean {
  if (existsSync(join(claimsDir, `${port}.${period - 1}`))) return false;
  const file = join(claimsDir, `${port}.${period}`);
  try {
    // The directory is created again if a process that was the last to hold claims removed it meanwhile.
    mkdirSync(claimsDir, { recursive: true });
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'ENOENT') return claim(claimsDir, port, period);
    throw error;
  }
  ownClaims.push(file);
  return true;
}

function removeClaimsBefore(claimsDir: string, period: number): void {
  let names: string[];
  try {
    names = readdirSync(claimsDir);
  } catch {
    return; // Removed meanwhile by the last process holding claims: nothing to remove.
  }
  for (const name of names) {
    const claimed = Number(name.split('.')[1]);
    if (Number.isInteger(claimed) && claimed < period) rmSync(join(claimsDir, name), { force: true });
  }
}

function shuffled(first: number, last: number): number[] {
  const candidates = Array.from({ length: last - first + 1 }, (_, k) => first + k);
  for (let k = candidates.length - 1; k > 0; k--) {
    const j = Math.floor(Math.random() * (k + 1));
    [candidates[k], candidates[j]] = [candidates[j]!, candidates[k]!];
  }
  return candidates;
}
