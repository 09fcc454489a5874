// The test suite's free ports: two test processes side by side never get the same one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { freePort, type PortRange } from './free-port.ts';
import { testTempDir } from './temp-dir.ts';

const helper = new URL('./free-port.ts', import.meta.url).href;
// Outside the suite's own range (20,000-32,000) and the kernel's ephemeral one, so no other test binds these.
// Each test has its own ports: get-port keeps every port it answered from being answered again in this process for a while.
const range = (claimsDir: string, first: number, size: number): PortRange => ({ first, last: first + size - 1, claimsDir });

/** A separate Node process (as a test file running beside this one) that claims `count` ports and holds them until `release()`. */
function anotherProcess(claims: PortRange, count: number): { ports: Promise<number[]>; release: () => Promise<number | null> } {
  const script = [
    `import { freePort } from ${JSON.stringify(helper)};`,
    `const ports = []; for (let i = 0; i < ${count}; i++) ports.push(await freePort(${JSON.stringify(claims)}));`,
    'console.log(JSON.stringify(ports)); process.stdin.resume(); process.stdin.on("end", () => process.exit(0));',
  ].join(' ');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const ports = once(createInterface({ input: child.stdout! }), 'line').then(([line]) => JSON.parse(line as string) as number[]);
  return { ports, release: () => (child.stdin!.end(), exited) };
}

test('two processes claiming ports side by side never get the same one; when all are claimed the error says so', async () => {
  const claims = range(join(testTempDir('rg-port-claims-'), 'claims'), 19_000, 20);
  const [first, second] = [anotherProcess(claims, 10), anotherProcess(claims, 10)];
  const ports = [...(await first.ports), ...(await second.ports)];
  assert.equal(new Set(ports).size, 20, `ports handed out twice: ${ports}`);
  for (const port of ports) assert.ok(port >= claims.first && port <= claims.last, `${port} is outside the range`);
  // Every port of the range is free, but every one is claimed.
  await assert.rejects(freePort(claims), /no free port in 19000-19019 that another test process has not claimed/);
  assert.deepEqual(await Promise.all([first.release(), second.release()]), [0, 0]);
  // Each process removed its claims as it exited, and the last the directory.
  assert.equal(existsSync(claims.claimsDir), false);
});

test('a claim holds through the next claim period; older ones are removed', async () => {
  const claimsDir = testTempDir('rg-port-claims-');
  const claims = range(claimsDir, 19_100, 5);
  // Away from a period's end, so that freePort() counts periods from the same one as this test.
  const intoPeriod = Date.now() % 120_000;
  if (intoPeriod > 118_000) await sleep(120_500 - intoPeriod);
  const period = Math.floor(Date.now() / 120_000);
  // Ports 19100-19103 were claimed in the last period (still held), and 19104 three periods ago (expired).
  for (let port = 19_100; port <= 19_103; port++) writeFileSync(join(claimsDir, `${port}.${period - 1}`), '1');
  writeFileSync(join(claimsDir, `19104.${period - 3}`), '1');
  assert.equal(await freePort(claims), 19_104);
  assert.deepEqual(readdirSync(claimsDir).sort(), ['19100', '19101', '19102', '19103'].map((port) => `${port}.${period - 1}`).concat(`19104.${period}`));
});
