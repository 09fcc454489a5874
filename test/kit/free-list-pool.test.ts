// The pool every hop uses (src/kit/free-list-pool.ts): undici's Pool with the free connection kept in a set. Over real
// loopback HTTP it must do what undici's Pool does: never more connections than allowed, requests beyond them queued
// and all answered, idle connections reused, connections the server closes replaced, nothing lost.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { test } from 'node:test';
import type { Dispatcher } from 'undici';
import { FreeListPool } from '../../src/kit/free-list-pool.ts';
import { createAgent } from '../../src/kit/undici-agent.ts';
import { leanPost } from '../../src/kit/lean-post.ts';

async function startServer(options: { delayMs: number; closeEvery?: number }): Promise<{ server: Server; origin: string; sockets: Set<Socket>; peakOpen: () => number; answered: () => number }> {
  const sockets = new Set<Socket>();
  let peak = 0;
  let answered = 0;
  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      setTimeout(() => {
        answered++;
        const close = options.closeEvery !== undefined && answered % options.closeEvery === 0;
        res.writeHead(200, { 'content-type': 'application/json', ...(close ? { connection: 'close' } : {}) });
        res.end(JSON.stringify({ echo: JSON.parse(body) }));
      }, options.delayMs);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    peak = Math.max(peak, sockets.size);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, sockets, peakOpen: () => peak, answered: () => answered };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

const post = (dispatcher: Dispatcher, origin: string, n: number) =>
  leanPost(dispatcher, origin, '/echo', JSON.stringify({ n }), { 'content-type': 'application/json' }, { timeoutMs: 10_000 }).then((answer) => JSON.parse(answer.text).echo.n as number);

test('more requests than connections: at most the limit is opened, every request is answered, idle connections are reused', async () => {
  const { server, origin, sockets, peakOpen } = await startServer({ delayMs: 20 });
  const agent = new FreeListPool(origin, { connections: 8, pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    const first = await Promise.all(Array.from({ length: 200 }, (_, n) => post(agent, origin, n)));
    assert.deepEqual(first, Array.from({ length: 200 }, (_, n) => n));
    assert.equal(peakOpen(), 8, 'eight connections, never more');
    const open = new Set(sockets);
    const second = await Promise.all(Array.from({ length: 50 }, (_, n) => post(agent, origin, n)));
    assert.equal(second.length, 50);
    assert.equal(peakOpen(), 8);
    assert.deepEqual(new Set(sockets), open, 'the second round ran on the same connections');
  } finally {
    await agent.destroy();
    await stop(server);
  }
});

test('connections the server closes are replaced, and no request waits forever', async () => {
  const { server, origin, answered } = await startServer({ delayMs: 1, closeEvery: 3 });
  const agent = new FreeListPool(origin, { connections: 4, pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => post(agent, origin, n)));
      assert.equal(answers.length, 40);
    }
    assert.equal(answered(), 200);
  } finally {
    await agent.destroy();
    await stop(server);
  }
});

test("through every hop's Agent: a refused connection fails its request and the pool still serves the next ones", async () => {
  const { server, origin } = await startServer({ delayMs: 1 });
  const port = Number(new URL(origin).port);
  await stop(server);
  const agent = createAgent({ connections: 2, pipelining: 1, keepAliveTimeout: 30_000 });
  try {
    await assert.rejects(post(agent, origin, 1), (error: Error & { code?: string }) => error.code === 'ECONNREFUSED');
    const again = createServer((req, res) => req.resume().on('end', () => res.end('{"echo":{"n":7}}')));
    await new Promise<void>((resolve) => again.listen(port, '127.0.0.1', resolve));
    try {
      assert.deepEqual(await Promise.all([post(agent, origin, 7), post(agent, origin, 7), post(agent, origin, 7)]), [7, 7, 7]);
    } finally {
      await stop(again);
    }
  } finally {
    await agent.destroy();
  }
});

test('connections older than the TTL (clientTtl) are retired, not reused', async () => {
  const { server, origin } = await startServer({ delayMs: 1 });
  const servedOn: Socket[] = [];
  server.on('request', (req: { socket: Socket }) => servedOn.push(req.socket));
  const agent = new FreeListPool(origin, { connections: 2, pipelining: 1, keepAliveTimeout: 30_000, clientTtl: 100 });
  try {
    assert.deepEqual(await Promise.all([post(agent, origin, 1), post(agent, origin, 2)]), [1, 2]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.deepEqual(await Promise.all([post(agent, origin, 3), post(agent, origin, 4)]), [3, 4]);
    const [first, second] = [new Set(servedOn.slice(0, 2)), servedOn.slice(2)];
    assert.equal(second.filter((socket) => first.has(socket)).length, 0, 'no request went over a connection older than the TTL');
  } finally {
    await agent.destroy();
    await stop(server);
  }
});
