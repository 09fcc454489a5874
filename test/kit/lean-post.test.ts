import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Dispatcher } from 'undici';
import { leanPost } from '../../src/kit/lean-post.ts';
import { http } from '../../src/kit/node-http.ts';
import { createAgent } from '../../src/kit/undici-agent.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('a settled call lets go of its answer even while its handler is still reachable', async (t) => {
  // A request promoted to the old generation while in flight stays "reachable" for the scavenger until the next
  // full GC; whatever its handler still points to is then kept and promoted too (the collector's GC spiral).
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 's=1' }).end(JSON.stringify({ reward: 1, text: 'x'.repeat(4096) })));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const agent = createAgent({ connections: 1 });
  t.after(async () => {
    await agent.close();
    server.close();
  });
  const handlers: Dispatcher.DispatchHandler[] = [];
  const recording = { dispatch: (options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => (handlers.push(handler), agent.dispatch(options, handler)) } as Dispatcher;
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let answer: Awaited<ReturnType<typeof leanPost>> | undefined = await leanPost(recording, origin, '/verify', '{}', { 'content-type': 'application/json' }, { timeoutMs: 5000 });
  assert.equal(answer.status, 200);
  assert.equal((JSON.parse(answer.text) as { reward: number }).reward, 1);
  assert.equal(answer.headers['set-cookie'], 's=1');
  const answerRef = new WeakRef(answer);
  const headersRef = new WeakRef(answer.headers);
  answer = undefined;
  // Let undici finish with the request (it resumes the client on the next turn), then collect.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  assert.equal(handlers.length, 1, 'the handler is still held here');
  assert.equal(answerRef.deref(), undefined, 'the answer (its text, through the resolved promise) was kept by the handler');
  assert.equal(headersRef.deref(), undefined, 'the headers were kept by the handler');
});
