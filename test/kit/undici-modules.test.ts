import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { repoRoot } from '../helpers/cli.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

const kit = (file: string) => pathToFileURL(join(repoRoot, 'src', 'kit', file)).href;

// A child process that calls `url` through our pooled agent (lean path) and through request(), then says which of
// undici's modules and which of Node's it has loaded. With `h2`, the agent may negotiate HTTP/2 over TLS.
const probe = (url: string, h2: boolean) => `
import { createRequire } from 'node:module';
const { createAgent } = await import(${JSON.stringify(kit('undici-agent.ts'))});
const { leanPost } = await import(${JSON.stringify(kit('lean-post.ts'))});
const { request } = await import(${JSON.stringify(kit('http-request.ts'))});
const require = createRequire(${JSON.stringify(join(repoRoot, 'package.json'))});
const h2Client = require.resolve('undici/lib/dispatcher/client-h2.js');
const exportedBefore = require.cache[h2Client]?.exports?.name;
const target = new URL(${JSON.stringify(url)});
const agent = createAgent(${h2} ? { allowH2: true, connect: { rejectUnauthorized: false } } : {});
const lean = await leanPost(agent, target.origin, '/lean', '{"a":1}', { 'content-type': 'application/json' }, { timeoutMs: 10000 });
const viaRequest = ${h2} ? undefined : await request(new URL('/request?x=1', target), { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
console.log(JSON.stringify({
  lean: { status: lean.status, text: lean.text },
  request: viaRequest && { status: viaRequest.statusCode, text: await viaRequest.body.text() },
  exportedBefore,
  exportedAfter: require.cache[h2Client]?.exports?.name,
  http2Loaded: process.moduleLoadList.includes('NativeModule http2'),
  tlsLoaded: process.moduleLoadList.includes('NativeModule tls'),
  undiciIndexLoaded: require.cache[require.resolve('undici')] !== undefined,
}));
await agent.close();
`;

async function runProbe(url: string, h2: boolean) {
  const result = await execa(process.execPath, ['--input-type=module', '-e', probe(url, h2)], { cwd: repoRoot });
  return JSON.parse(result.stdout) as {
    lean: { status: number; text: string };
    request?: { status: number; text: string };
    exportedBefore?: string;
    exportedAfter?: string;
    http2Loaded: boolean;
    tlsLoaded: boolean;
    undiciIndexLoaded: boolean;
  };
}

test('calls over HTTP/1.1 load neither the whole of undici nor node:http2 and node:tls', async (t) => {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, url: req.url, body, http: req.httpVersion })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const seen = await runProbe(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, false);
  assert.deepEqual(seen.lean, { status: 200, text: JSON.stringify({ method: 'POST', url: '/lean', body: '{"a":1}', http: '1.1' }) });
  assert.deepEqual(seen.request, { status: 200, text: JSON.stringify({ method: 'POST', url: '/request?x=1', body: '{}', http: '1.1' }) });
  assert.equal(seen.exportedBefore, 'connectH2Deferred');
  assert.equal(seen.exportedAfter, 'connectH2Deferred', 'no connection negotiated HTTP/2, so its client was never loaded');
  assert.equal(seen.http2Loaded, false);
  assert.equal(seen.tlsLoaded, false);
  assert.equal(seen.undiciIndexLoaded, false);
});

function selfSignedCertificate(): { key: Buffer; cert: Buffer } | undefined {
  const dir = testTempDir('undici-h2');
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=127.0.0.1', '-days', '1'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

test('a connection that negotiates HTTP/2 gets undici\'s real HTTP/2 client, loaded then', async (t) => {
  const credentials = selfSignedCertificate();
  if (!credentials) {
    t.skip('openssl is not installed: no certificate for the TLS server this test needs (apt-get install openssl)');
    return;
  }
  const server = createSecureServer({ ...credentials, allowHTTP1: false }, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url, body, http: req.httpVersion })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const seen = await runProbe(`https://127.0.0.1:${(server.address() as AddressInfo).port}`, true);
  assert.deepEqual(seen.lean, { status: 200, text: JSON.stringify({ url: '/lean', body: '{"a":1}', http: '2.0' }) });
  assert.equal(seen.exportedBefore, 'connectH2Deferred');
  assert.equal(seen.exportedAfter, 'connectH2', 'the deferred client replaced itself with undici\'s own');
  assert.equal(seen.http2Loaded, true);
});

test('the collection commands load only the parts of undici they use', async () => {
  const commands = ['ng-e2e-collect-rollouts.ts', 'ng-collect-rollouts.ts', 'ng-run.ts'].map((file) => pathToFileURL(join(repoRoot, 'src', 'cli', file)).href);
  const script = `
import { createRequire } from 'node:module';
for (const command of ${JSON.stringify(commands)}) await import(command);
const require = createRequire(${JSON.stringify(join(repoRoot, 'package.json'))});
console.log(JSON.stringify({ undiciIndexLoaded: require.cache[require.resolve('undici')] !== undefined, http2Loaded: process.moduleLoadList.includes('NativeModule http2') }));
`;
  const result = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot });
  assert.deepEqual(JSON.parse(result.stdout), { undiciIndexLoaded: false, http2Loaded: false });
});
