// A resources server whose catch-all tool route takes the body as text (handleRawToolRequest) sees malformed
// JSON itself and answers with exactly the status and bytes it prepared; the other routes still parse JSON.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createResourcesApp } from '../../src/kit/resources-server.ts';
import { postJson } from './kit-servers.ts';

let server: Server;
let url: string;

before(async () => {
  const app = createResourcesApp({
    className: 'RawServer',
    tools: {},
    verify: () => ({ reward: 1 }),
    handleRawToolRequest: (tool, rawBody, ctx) => ({
      status: rawBody.startsWith('{') ? 200 : 418,
      rawBody: `{"tool":${JSON.stringify(tool)},"raw":${JSON.stringify(rawBody)},"session":${JSON.stringify(ctx.sessionId.length > 0)},"float":2.0}`,
    }),
  }, {
    name: 'raw', kind: 'resources_servers', implementation: 'raw', config: {}, tree: {}, host: '127.0.0.1', port: 0,
    headUrl: undefined, runToken: undefined, parentPid: undefined, log: () => {},
  });
  server = createServer(app.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('the raw tool route gets malformed JSON as text and its prepared bytes go out unchanged', async () => {
  const malformed = await postJson(`${url}/some_tool`, '{"a": ');
  assert.equal(malformed.status, 200);
  assert.equal(malformed.text, '{"tool":"some_tool","raw":"{\\"a\\": ","session":true,"float":2.0}');
  const other = await postJson(`${url}/other`, '[1.0]');
  assert.equal(`${other.status} ${other.text}`, '418 {"tool":"other","raw":"[1.0]","session":true,"float":2.0}');
  const seeded = await postJson(`${url}/seed_session`, '{"a": ');
  assert.equal(seeded.status, 422, 'named routes still parse JSON');
});
