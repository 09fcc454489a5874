// A body past a kit server's limit is answered 413, and its sender reads that answer even while it is still
// sending: a collector streaming the verify responses of a very large run to /aggregate_metrics learns why it
// failed instead of seeing the connection reset.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { HttpApp } from '../../src/kit/http-app.ts';
import { AnswerSpool } from '../../src/metrics/environment-answer.ts';
import { requestEnvironmentMetrics } from '../../src/metrics/environment-metrics.ts';
import { SpillDir } from '../../src/metrics/spill-dir.ts';

const LIMIT = 1 << 20;

/** `{"verify_responses":[...]}` of about `bytes`, in 64 KB pieces, as the collector streams it. */
function* verifyResponses(bytes: number): Generator<string> {
  const row = JSON.stringify({ _ng_task_index: 0, _ng_rollout_index: 0, reward: 1, padding: 'x'.repeat(1000) });
  yield '{"verify_responses":[';
  const perPiece = Math.floor((64 * 1024) / (row.length + 1));
  for (let sent = 0, first = true; sent < bytes; sent += perPiece * (row.length + 1), first = false) {
    yield (first ? '' : ',') + Array(perPiece).fill(row).join(',');
  }
  yield ']}';
}

test('a streamed body past the limit gets its 413 with the reason; the server goes on answering', async () => {
  const app = new HttpApp({ serverName: 'limited', maxBodyBytes: LIMIT });
  app.post('/aggregate_metrics', (request) => ({ body: { agent_metrics: { rows: (request.body as { verify_responses: unknown[] }).verify_responses.length }, key_metrics: {}, group_level_metrics: [] } }));
  const server = createServer(app.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const spillParent = mkdtempSync(join(tmpdir(), 'rg-oversize-'));
  const spill = new SpillDir(join(spillParent, 'spill-'));
  try {
    for (const bytes of [2 * LIMIT, 16 * LIMIT]) {
      const spool = new AnswerSpool(spill);
      try {
        const answer = await requestEnvironmentMetrics(url, verifyResponses(bytes), { timeoutMs: 30_000, spool });
        assert.equal(answer.kind, 'failed', `${bytes} bytes`);
        assert.equal(answer.kind === 'failed' && answer.status, 413, `${bytes} bytes: ${answer.kind === 'failed' ? answer.reason : ''}`);
        assert.match(answer.kind === 'failed' ? answer.reason : '', /^HTTP 413: \{"detail":"request body larger than 1048576 bytes"\}$/);
      } finally {
        spool.dispose();
      }
    }
    const spool = new AnswerSpool(spill);
    try {
      const small = await requestEnvironmentMetrics(url, verifyResponses(LIMIT / 4), { timeoutMs: 30_000, spool });
      assert.equal(small.kind, 'metrics');
      assert.ok(small.kind === 'metrics' && (small.agent_metrics.rows as number) > 100);
    } finally {
      spool.dispose();
    }
  } finally {
    server.close();
    spill.dispose();
    rmSync(spillParent, { recursive: true, force: true });
  }
});
