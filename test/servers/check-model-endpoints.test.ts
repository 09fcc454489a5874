// Upstream model endpoints must accept connections before any collection; a dead one is named with its key.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { freePort } from '../helpers/free-port.ts';
import { test } from 'node:test';
import { ServerError } from '../../src/errors.ts';
import { checkModelEndpoints, modelEndpointsOf } from '../../src/servers/check-model-endpoints.ts';
import type { ServerInstance } from '../../src/config/types.ts';

function modelServer(config: Record<string, unknown>): ServerInstance {
  return { name: 'policy_model', kind: 'responses_api_models', implementation: 'openai_model', config: { entrypoint: 'app.ts', ...config }, dir: '/x', entrypoint: 'app.ts' };
}

test('every *base_url of model servers is collected once, trailing slashes ignored', () => {
  const servers = [modelServer({ openai_base_url: 'http://a:1/v1/', base_url: ['http://a:1/v1', 'http://b:2'] })];
  assert.deepEqual(
    modelEndpointsOf({ servers, origins: new Map() }).map((endpoint) => [endpoint.url, endpoint.key]),
    [
      ['http://a:1/v1', 'policy_model.responses_api_models.openai_model.openai_base_url'],
      ['http://b:2', 'policy_model.responses_api_models.openai_model.base_url'],
    ],
  );
});

test('an answering endpoint passes (any status); a refused one fails naming its key and origin, within the deadline', async () => {
  const upstream = createServer((request, response) => {
    response.writeHead(request.url === '/v1/models' ? 401 : 404).end();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const live = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/v1`;
  const dead = `http://user:hunter2secret@127.0.0.1:${await freePort()}/v1`;
  try {
    await checkModelEndpoints({ servers: [modelServer({ openai_base_url: live })], origins: new Map(), tree: {} }, { timeoutMs: 2000 });
    const key = 'policy_model.responses_api_models.openai_model.base_url';
    const began = Date.now();
    const error = await checkModelEndpoints(
      { servers: [modelServer({ openai_base_url: live, base_url: dead })], origins: new Map([[key, 'configs/model.yaml:4:5']]), tree: {} },
      { timeoutMs: 1200 },
    ).catch((caught: unknown) => caught);
    assert.ok(Date.now() - began < 2500, 'the wait is bounded');
    assert.ok(error instanceof ServerError);
    assert.equal(error.code, 'RG_UPSTREAM');
    assert.match(error.message, /^1 model endpoint\(s\) did not accept connections within 1 s:/);
    assert.match(error.message, new RegExp(`\\(from \`${key.replace(/\./g, '\\.')}\`, configs/model\\.yaml:4:5\\): connection refused \\(ECONNREFUSED\\) \\(\\d+ tries? of GET http://127\\.0\\.0\\.1:\\d+/v1/models\\)`));
    assert.doesNotMatch(error.message, /hunter2secret/);
  } finally {
    upstream.close();
  }
});
