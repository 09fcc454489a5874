import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { ServerCallError, ServerClient } from '../../src/kit/server-client.ts';
import { absorbSetCookies, cookieHeaderOf, parseCookieHeader } from '../../src/kit/cookies.ts';

const servers: Server[] = [];

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

test('a refused connection refreshes addresses from the head server once, then the call succeeds', async () => {
  const realPort = await listen((req, res) => {
    res.setHeader('set-cookie', 'Srv___x=abc; Path=/; HttpOnly');
    res.end(JSON.stringify({ got: req.headers.cookie ?? null }));
  });
  let headCalls = 0;
  const headPort = await listen((_req, res) => {
    headCalls++;
    res.end(JSON.stringify([{ name: 'x', host: '127.0.0.1', port: realPort, url: `http://127.0.0.1:${realPort}` }]));
  });
  const stalePort = await freePort();
  const client = new ServerClient({ tree: { x: { resources_servers: { impl: { host: '127.0.0.1', port: stalePort } } } }, headUrl: `http://127.0.0.1:${headPort}` });
  const result = await client.post('x', '/tool', { a: 1 }, { timeoutMs: 2_000, cookieHeader: 'a=1' });
  assert.equal(result.status, 200);
  assert.deepEqual(JSON.parse(result.text), { got: 'a=1' });
  assert.deepEqual(result.setCookies, ['Srv___x=abc; Path=/; HttpOnly']);
  assert.equal(headCalls, 1);
});

test('a server that never answers fails the call at its timeout, naming the server', async () => {
  const port = await listen(() => {
    // Never answers.
  });
  const client = new ServerClient({ tree: { slow: { resources_servers: { impl: { host: '127.0.0.1', port } } } }, headUrl: undefined });
  const started = Date.now();
  await assert.rejects(client.post('slow', '/verify', {}, { timeoutMs: 300 }), (error: ServerCallError) => error.failure === 'timeout' && /`slow`/.test(error.message));
  assert.ok(Date.now() - started < 2_000);
  await assert.rejects(client.post('nobody', '/x', {}, { timeoutMs: 300 }), (error: ServerCallError) => error.failure === 'unknown_server');
});

test('cookies: Set-Cookie lines of any server (signed Python ones too) are carried back by name=value', () => {
  const cookies = parseCookieHeader('a=1; b=2');
  absorbSetCookies(cookies, ['session=eyJzZXNzaW9uX2lkIjoiYWJjIn0=.Zx1.sig; path=/; httponly; samesite=lax', 'b=3; Path=/']);
  assert.equal(cookieHeaderOf(cookies), 'a=1; b=3; session=eyJzZXNzaW9uX2lkIjoiYWJjIn0=.Zx1.sig');
});
