// One contract over every server kind: health, a 422 naming the field on a bad body, a wire round trip.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntilGone } from '../helpers/processes.ts';
import { startUpstreamDouble, type UpstreamDouble } from '../fixtures/upstream-double/start-double.ts';
import { postJson, startKitServers, type KitServerGroup } from './kit-servers.ts';
import { VALIDATED_HEADER } from '../../src/kit/validated-hop.ts';

let upstream: UpstreamDouble;
let group: KitServerGroup;

const ref = (type: string, name: string) => ({ type, name });

before(async () => {
  upstream = await startUpstreamDouble({ then: { text: 'contract answer' } });
  group = await startKitServers([
    { name: 'notes', kind: 'resources_servers', implementation: 'notes_resources', dir: 'test/kit/fixtures/notes-resources' },
    { name: 'openai', kind: 'responses_api_models', implementation: 'openai_model', dir: 'responses_api_models/openai_model', config: { openai_base_url: `${upstream.url}/v1`, openai_api_key: 'k', openai_model: 'm' } },
    { name: 'vllm', kind: 'responses_api_models', implementation: 'vllm_model', dir: 'responses_api_models/vllm_model', config: { base_url: `${upstream.url}/v1`, api_key: 'k', model: 'm', return_token_id_information: false, uses_reasoning_parser: false } },
    { name: 'offline', kind: 'responses_api_models', implementation: 'offline_model', dir: 'responses_api_models/offline_model' },
    { name: 'agent', kind: 'responses_api_agents', implementation: 'simple_agent', dir: 'responses_api_agents/simple_agent', config: { resources_server: ref('resources_servers', 'notes'), model_server: ref('responses_api_models', 'offline') } },
  ]);
});

after(async () => {
  const pids = [...group.pids(), upstream.pid];
  await group.stop();
  await upstream.stop();
  assert.deepEqual(await waitUntilGone(pids, 2_000), []);
});

const everyServer = ['notes', 'openai', 'vllm', 'offline', 'agent'];
const models = ['openai', 'vllm', 'offline'];

test('every server answers GET / with {"status":"ok"} and unknown routes with 404', async () => {
  for (const name of everyServer) {
    const health = await fetch(`${group.url(name)}/`);
    assert.equal(health.status, 200, name);
    assert.deepEqual(await health.json(), { status: 'ok' }, name);
    const missing = await fetch(`${group.url(name)}/definitely/not/here`);
    assert.equal(missing.status, 404, name);
  }
});

test('a bad body is a 422 naming the field, never a 500', async () => {
  const cases: [string, string, unknown, (string | number)[]][] = [
    ['notes', '/verify', { responses_create_params: { input: 'x' } }, ['body', 'response']],
    ['notes', '/aggregate_metrics', { verify_responses: 'nope' }, ['body', 'verify_responses']],
    ['agent', '/run', { responses_create_params: { input: 3 } }, ['body', 'responses_create_params', 'input']],
    ['agent', '/v1/responses', { input: 'x', stream: true }, ['body', 'stream']],
    ...models.flatMap((name): [string, string, unknown, (string | number)[]][] => [
      [name, '/v1/responses', { input: 'x', temperature: 'hot' }, ['body', 'temperature']],
      [name, '/v1/chat/completions', { model: 'm' }, ['body', 'messages']],
    ]),
  ];
  for (const [name, path, body, loc] of cases) {
    const reply = await postJson(`${group.url(name)}${path}`, body);
    assert.equal(reply.status, 422, `${name} ${path}: ${reply.text}`);
    assert.deepEqual(reply.body.detail[0].loc, loc, `${name} ${path}`);
    assert.equal(typeof reply.body.detail[0].msg, 'string');
  }
  const notJson = await postJson(`${group.url('agent')}/run`, '{');
  assert.equal(notJson.status, 422);
});

test("validation once, at the edge: a model server takes the agent's marked request as built, and validates every other", async () => {
  const body = { input: 'x', temperature: 'hot' };
  assert.equal((await postJson(`${group.url('openai')}/v1/responses`, body)).status, 422);
  const marked = await postJson(`${group.url('openai')}/v1/responses`, body, { [VALIDATED_HEADER]: 'response-create-params' });
  assert.equal(marked.status, 200, marked.text);
  const { last_request } = (await upstream.stats()) as { last_request: { body: Record<string, unknown> } };
  assert.deepEqual(last_request.body, { ...body, model: 'm' });
  // Another shape's mark is no mark for this route.
  assert.equal((await postJson(`${group.url('openai')}/v1/responses`, body, { [VALIDATED_HEADER]: 'verify-request' })).status, 422);
});

test('wire round trip: each model answers a Responses request with a Response, and chat with a chat.completion', async () => {
  for (const name of models) {
    const reply = await postJson(`${group.url(name)}/v1/responses`, { input: [{ role: 'user', content: 'hello' }], temperature: 0.5 });
    assert.equal(reply.status, 200, `${name}: ${reply.text}`);
    assert.equal(reply.body.object, 'response', name);
    assert.equal(typeof reply.body.id, 'string', name);
    assert.ok(reply.body.output.length > 0 && reply.body.output.every((item: { type?: string }) => typeof item.type === 'string'), name);
    for (const key of ['input_tokens', 'output_tokens', 'total_tokens']) assert.equal(typeof reply.body.usage[key], 'number', `${name} usage.${key}`);
    const chat = await postJson(`${group.url(name)}/v1/chat/completions`, { messages: [{ role: 'user', content: 'hello' }] });
    assert.equal(chat.status, 200, `${name}: ${chat.text}`);
    assert.equal(chat.body.object, 'chat.completion', name);
    assert.equal(chat.body.choices[0].message.role, 'assistant', name);
  }
});

test('wire round trip: the agent runs a rollout and the resources server verifies it', async () => {
  const reply = await postJson(`${group.url('agent')}/run`, { responses_create_params: { input: 'hi' }, task_id: 7 });
  assert.equal(reply.status, 200, reply.text);
  assert.equal(typeof reply.body.reward, 'number');
  assert.equal(reply.body.responses_create_params.input, 'hi');
  assert.equal(reply.body.response.object, 'response');
});
