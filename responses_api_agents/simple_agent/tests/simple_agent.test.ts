import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntilGone } from '../../../test/helpers/processes.ts';
import { postJson, startKitServers, type KitServerGroup } from '../../../test/kit/kit-servers.ts';
import { startUpstreamDouble, type UpstreamDouble } from '../../../test/fixtures/upstream-double/start-double.ts';

let upstream: UpstreamDouble;
let group: KitServerGroup;
let agentUrl: string;

const tools = [
  { type: 'function', name: 'add_note', description: 'Add a note', parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] }, strict: false },
];

before(async () => {
  upstream = await startUpstreamDouble();
  group = await startKitServers([
    { name: 'notes', kind: 'resources_servers', implementation: 'notes_resources', dir: 'test/kit/fixtures/notes-resources' },
    { name: 'policy_model', kind: 'responses_api_models', implementation: 'openai_model', dir: 'responses_api_models/openai_model', config: { openai_base_url: `${upstream.url}/v1`, openai_api_key: 'k', openai_model: 'm', max_retries: 0 } },
    {
      name: 'notes_agent',
      kind: 'responses_api_agents',
      implementation: 'simple_agent',
      dir: 'responses_api_agents/simple_agent',
      config: { resources_server: { type: 'resources_servers', name: 'notes' }, model_server: { type: 'responses_api_models', name: 'policy_model' }, max_steps: 6 },
    },
  ]);
  agentUrl = group.url('notes_agent');
});

after(async () => {
  const pids = [...group.pids(), upstream.pid];
  await group.stop();
  await upstream.stop();
  assert.deepEqual(await waitUntilGone(pids, 2_000), []);
});

test('a multi-step episode: tools run in the seeded session, errors and unknown tools become tool outputs, verify scores it', async () => {
  await upstream.setScript({
    steps: [
      { tool_calls: [{ name: 'add_note', arguments: { text: 'eggs' }, call_id: 'c1' }, { name: 'teleport', arguments: {}, call_id: 'c2' }] },
      { tool_calls: [{ name: 'fail', arguments: {}, call_id: 'c3' }, { name: 'add_note', arguments: '{not json', call_id: 'c4' }, { name: 'add_note', arguments: { text: 5 }, call_id: 'c5' }] },
      { reasoning: 'I have all the notes now.' },
      { text: 'Your notes: milk, eggs.', usage: { input_tokens: 100, output_tokens: 10 } },
    ],
  });
  const reply = await postJson(`${agentUrl}/run`, { responses_create_params: { input: 'Note eggs, then list my notes.', tools }, initial_notes: ['milk'], expected_count: 2, category: 'kept?' });
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.body.reward, 1);
  assert.equal(reply.body.notes_seen, 2);
  assert.equal(reply.body.expected_count, 2);
  const output = reply.body.response.output as Record<string, any>[];
  assert.deepEqual(output.map((item) => item.type), [
    'function_call', 'function_call', 'function_call_output', 'function_call_output',
    'function_call', 'function_call', 'function_call', 'function_call_output', 'function_call_output', 'function_call_output',
    'reasoning', 'message',
  ]);
  const outputs = Object.fromEntries(output.filter((item) => item.type === 'function_call_output').map((item) => [item.call_id, item.output]));
  assert.deepEqual(JSON.parse(outputs.c1), { ok: true, count: 2 });
  assert.equal(outputs.c2, '{"detail":"Not Found"}', 'an unknown tool reads as the 404 body');
  assert.match(JSON.parse(outputs.c3).error.message, /the fail tool always fails/, 'a crashing tool reads as its 500 body');
  assert.match(JSON.parse(outputs.c4).error, /^Invalid tool call arguments: /);
  assert.equal(JSON.parse(outputs.c5).detail[0].loc.join('.'), 'body.text', 'a schema-invalid call reads as the 422 body');
  assert.equal(reply.body.response.usage.output_tokens, 8 * 3 + 10, 'usage is summed over the four model calls');
  assert.equal((await upstream.stats()).last_request.body.input.length, 1 + 11, 'the last model call saw the whole episode');
});

test('max_steps bounds a model that never stops calling tools, and reasoning-only turns do not loop', async () => {
  await upstream.setScript({ then: { tool_calls: [{ name: 'add_note', arguments: { text: 'again' } }] } });
  const looping = await postJson(`${agentUrl}/run`, { responses_create_params: { input: 'loop', tools }, expected_count: 0 });
  assert.equal(looping.status, 200, looping.text);
  assert.equal(looping.body.response.output.filter((item: any) => item.type === 'function_call').length, 6);
  assert.equal(looping.body.reward, 0);
  await upstream.setScript({ then: { reasoning: 'hmm' } });
  const before = (await upstream.stats()).model_requests;
  const thinking = await postJson(`${agentUrl}/run`, { responses_create_params: { input: 'think' } });
  assert.equal(thinking.status, 200, thinking.text);
  assert.equal((await upstream.stats()).model_requests - before, 2, 'two reasoning-only turns in a row end the episode');
});

test('/v1/responses runs the episode and returns the cookies it collected', async () => {
  await upstream.setScript({ steps: [{ tool_calls: [{ name: 'add_note', arguments: { text: 'x' } }] }, { text: 'done' }] });
  const seeded = await postJson(`${group.url('notes')}/seed_session`, {});
  const cookie = seeded.setCookies[0]!.split(';')[0]!;
  const reply = await postJson(`${agentUrl}/v1/responses`, { input: 'add x', tools }, { cookie });
  assert.equal(reply.status, 200, reply.text);
  assert.deepEqual(JSON.parse(reply.body.output[1].output), { ok: true, count: 1 });
  assert.ok(reply.setCookies.some((line) => line.startsWith(cookie)));
});

test('a model-server failure makes /run fail with a JSON error naming the server and status', async () => {
  await upstream.setScript({ steps: [{ status: 400, error: 'context length exceeded' }] });
  const reply = await postJson(`${agentUrl}/run`, { responses_create_params: { input: 'hi' } });
  assert.equal(reply.status, 502);
  assert.equal(reply.body.error.type, 'model_server_error');
  assert.equal(reply.body.error.server, 'policy_model');
  assert.equal(reply.body.error.status, 400);
  assert.match(reply.body.error.message, /context length exceeded/);
  const bad = await postJson(`${agentUrl}/run`, { responses_create_params: {} });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.detail[0].loc, ['body', 'responses_create_params', 'input']);
});

test('an output item without a type fails the rollout at once, naming the model server (the next hop trusts the agent)', async () => {
  await upstream.setScript({ steps: [{ text: 'hello', raw_output_items: [{ role: 'assistant', content: 'no type' }] }] });
  const reply = await postJson(`${agentUrl}/run`, { responses_create_params: { input: 'hi' } });
  assert.equal(reply.status, 502);
  assert.equal(reply.body.error.type, 'model_server_error');
  assert.equal(reply.body.error.server, 'policy_model');
  assert.match(reply.body.error.message, /output item without a string `type`: \{"role":"assistant","content":"no type"\}/);
});

test('/aggregate_metrics is computed by the resources server', async () => {
  const reply = await postJson(`${agentUrl}/aggregate_metrics`, { verify_responses: [{ _ng_task_index: 0, _ng_rollout_index: 0, reward: 1 }, { _ng_task_index: 1, _ng_rollout_index: 0, reward: 0 }] });
  assert.equal(reply.status, 200, reply.text);
  assert.equal(reply.body.agent_metrics['mean/reward'], 0.5);
  assert.equal(reply.body.group_level_metrics.length, 2);
});
