import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { loadBaseData } from '../lib/base-data.ts';
import { runTool } from '../lib/route.ts';
import { SessionStore } from '../lib/sessions.ts';
import { rewardFor } from '../lib/verify.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

test('5,000 sessions (seed, writes, verify) leave the heap near where it started; abandoned ones expire', () => {
  const base = loadBaseData(fileURLToPath(new URL('../csv_data', import.meta.url)));
  let now = 0;
  const store = new SessionStore(base, { ttlMs: 1000, now: () => now });
  const start = heapAfterGc();
  const calls = [
    { name: 'email_send_email', arguments: '{"recipient": "raj.patel@atlas.com", "subject": "Hi", "body": "Hello"}' },
    { name: 'calendar_delete_event', arguments: '{"event_id": "00000005"}' },
  ];
  let peakSessions = 0;
  for (let index = 0; index < 5000; index += 1) {
    const id = `session-${index}`;
    store.seed(id);
    const workspace = store.get(id)!;
    assert.equal(runTool(workspace, 'email_send_email', new Map([['recipient', 'raj.patel@atlas.com'], ['subject', 'Hi'], ['body', 'Hello']])), 'Email sent successfully.');
    runTool(workspace, 'calendar_delete_event', new Map([['event_id', '00000005']]));
    if (index % 2 === 0) {
      assert.equal(rewardFor(base, calls, calls), 1.0);
      store.delete(id); // what /verify does
    }
    peakSessions = Math.max(peakSessions, store.size);
  }
  assert.equal(peakSessions, 2500);
  now += 2000;
  assert.equal(store.sweep(), 2500);
  assert.equal(store.size, 0);
  const growth = heapAfterGc() - start;
  assert.ok(growth < 5 * 1024 * 1024, `heap grew by ${(growth / 1024 / 1024).toFixed(1)} MiB`);
});
