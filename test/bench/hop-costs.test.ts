import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

const script = new URL('../../bench/hop-costs.ts', import.meta.url).pathname;

test('bench/hop-costs.ts measures every pair, each call answered 200, prints CPU per call for both sides, the bare exchange shared by 1-3 pairs, and CPU per call against calls per wake-up', async () => {
  // Any call that does not answer 200 (a body the weather server rejects, a missing route) fails the run.
  const { stdout } = await promisify(execFile)(process.execPath, [script, '--rounds=1', '--seconds=0.5', '--crowd-warmup-seconds=0.3'], { timeout: 180_000 });
  const rows = stdout.split('\n').filter((line) => line.includes('µs/req'));
  assert.equal(rows.length, 7, stdout);
  for (const label of ['bare: node:http', 'kit: HttpApp echo', 'weather /seed_session', 'weather /get_weather', 'weather /verify, validated-hop mark', 'weather /verify, validated with zod']) {
    assert.ok(rows.some((row) => row.startsWith(label)), `${label} in\n${stdout}`);
  }
  for (const row of rows) {
    const [server, client] = [...row.matchAll(/([\d.]+) µs\/req/g)].map((match) => Number(match[1]));
    assert.ok(server! > 0 && client! > 0, row);
  }
  const crowds = stdout.split('\n').filter((line) => line.includes('µs/exchange'));
  assert.deepEqual(crowds.map((line) => /^bare: (\d) pairs? at once/.exec(line)?.[1]), ['1', '2', '3'], stdout);
  for (const line of crowds) assert.ok(Number(/([\d.]+) µs\/exchange/.exec(line)?.[1]) > 0 && Number(/this: ([\d.]+)/.exec(line)?.[1]) > 0, line);
  assert.match(crowds[0]!, /this: 1\.00$/);
  const wakeUps = stdout.split('\n').filter((line) => line.includes('calls/switch'));
  assert.deepEqual(
    wakeUps.map((line) => /^(bare server|weather server).*?, (\d+) in flight/.exec(line)?.slice(1, 3).join(' ')),
    ['bare server 64', 'bare server 8', 'bare server 2', 'weather server 64', 'weather server 8', 'weather server 2'],
    stdout,
  );
  for (const line of wakeUps) {
    const figures = [...line.matchAll(/([\d.]+) µs\/call \(\s*([\d.]+) calls\/switch\)/g)].flatMap((match) => [Number(match[1]), Number(match[2])]);
    assert.equal(figures.length, 4, line);
    assert.ok(figures.every((figure) => figure > 0), line);
  }
});
