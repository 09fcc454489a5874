import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitUntilGone } from '../helpers/processes.ts';
import { postJson, startKitServers, type KitServerGroup } from './kit-servers.ts';
import { VALIDATED_HEADER } from '../../src/kit/validated-hop.ts';

let group: KitServerGroup;
let url: string;

before(async () => {
  group = await startKitServers([{ name: 'notes', kind: 'resources_servers', implementation: 'notes_resources', dir: 'test/kit/fixtures/notes-resources' }]);
  url = group.url('notes');
});

after(async () => {
  const pids = group.pids();
  await group.stop();
  assert.deepEqual(await waitUntilGone(pids, 2_000), []);
});

test('health, unknown route and bad JSON answer in FastAPI shapes', async () => {
  assert.deepEqual(await (await fetch(`${url}/`)).json(), { status: 'ok' });
  const missing = await postJson(`${url}/no_such_tool`, {});
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { detail: 'Not Found' });
  const broken = await postJson(`${url}/add_note`, '{"text": ');
  assert.equal(broken.status, 422);
  assert.equal(broken.body.detail[0].type, 'json_invalid');
});

test('a tool body of the wrong shape gets a 422 naming the field', async () => {
  const seeded = await postJson(`${url}/seed_session`, {});
  const cookie = seeded.setCookies[0]!.split(';')[0]!;
  const reply = await postJson(`${url}/add_note`, { text: 42 }, { cookie });
  assert.equal(reply.status, 422);
  assert.deepEqual(reply.body.detail, [{ type: 'string_type', loc: ['body', 'text'], msg: 'Input should be a valid string', input: 42 }]);
});

test('seed_session sets the session cookie and tools see the same session through it', async () => {
  const seeded = await postJson(`${url}/seed_session`, { initial_notes: ['milk'] });
  assert.equal(seeded.status, 200);
  assert.deepEqual(seeded.body, {});
  assert.match(seeded.setCookies[0]!, /^NotesResourcesServer___notes=[0-9a-f-]{36}; Path=\/; HttpOnly$/);
  const cookie = seeded.setCookies[0]!.split(';')[0]!;
  const added = await postJson(`${url}/add_note`, { text: 'eggs' }, { cookie });
  assert.deepEqual(added.body, { ok: true, count: 2 });
  assert.deepEqual(added.setCookies, [], 'a request that carries the cookie gets no new one');
  const listed = await postJson(`${url}/list_notes`, {}, { cookie });
  assert.deepEqual(listed.body, { notes: ['milk', 'eggs'] });
  const other = await postJson(`${url}/list_notes`, {});
  assert.equal(other.status, 400);
  assert.deepEqual(other.body, { detail: 'Session not initialized. Please call seed_session first.' });
});

test('a throwing tool answers 500 with a JSON error and the server keeps serving', async () => {
  const reply = await postJson(`${url}/fail`, {});
  assert.equal(reply.status, 500);
  assert.equal(reply.body.error.server, 'notes');
  assert.match(reply.body.error.message, /the fail tool always fails/);
  assert.equal((await fetch(`${url}/`)).status, 200);
});

test('verify echoes params, response and declared task fields, with the reward', async () => {
  const seeded = await postJson(`${url}/seed_session`, { initial_notes: ['tea'] });
  const cookie = seeded.setCookies[0]!.split(';')[0]!;
  const response = { id: 'resp_1', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'you noted tea', annotations: [] }] }] };
  const verified = await postJson(`${url}/verify`, { responses_create_params: { input: 'notes?' }, response, expected_count: 1, undeclared: 'dropped' }, { cookie });
  assert.equal(verified.status, 200);
  assert.deepEqual(verified.body, { responses_create_params: { input: 'notes?' }, response, expected_count: 1, reward: 1, notes_seen: 1 });
  const bad = await postJson(`${url}/verify`, { responses_create_params: { input: 'x', bogus: 1 }, response });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.detail[0].loc, ['body', 'responses_create_params', 'bogus']);
  assert.equal(bad.body.detail[0].type, 'extra_forbidden');
  // Declared task fields are the task's, which the agent does not know: validated even in a body the agent marked as built.
  const marked = await postJson(`${url}/verify`, { responses_create_params: { input: 'x' }, response, expected_count: 'one' }, { [VALIDATED_HEADER]: 'verify-request' });
  assert.equal(marked.status, 422);
  assert.deepEqual(marked.body.detail[0].loc, ['body', 'expected_count']);
});

test("validation once, at the edge: a caller's /verify body is validated, the agent's marked one is taken as built", async () => {
  const weather = await startKitServers([{ name: 'weather', kind: 'resources_servers', implementation: 'example_simple_weather', dir: 'resources_servers/example_simple_weather' }]);
  try {
    const body = { responses_create_params: { input: 'x', bogus: 1 }, response: { output: [] } };
    const unmarked = await postJson(`${weather.url('weather')}/verify`, body);
    assert.equal(unmarked.status, 422);
    assert.equal(unmarked.body.detail[0].type, 'extra_forbidden');
    const marked = await postJson(`${weather.url('weather')}/verify`, body, { [VALIDATED_HEADER]: 'verify-request' });
    assert.equal(marked.status, 200);
    assert.deepEqual(marked.body, { ...body, reward: 1 });
  } finally {
    await weather.stop();
  }
});

test('aggregate_metrics computes NeMo default metrics', async () => {
  const reply = await postJson(`${url}/aggregate_metrics`, {
    verify_responses: [
      { _ng_task_index: 0, _ng_rollout_index: 0, reward: 1, response: { usage: { input_tokens: 10, output_tokens: 2, total_tokens: 12 } } },
      { _ng_task_index: 0, _ng_rollout_index: 1, reward: 0, response: { usage: { input_tokens: 10, output_tokens: 4, total_tokens: 14 } } },
    ],
  });
  assert.equal(reply.status, 200);
  assert.equal(reply.body.agent_metrics['mean/reward'], 0.5);
  assert.equal(reply.body.key_metrics['mean/output_tokens'], 3);
  assert.equal(reply.body.group_level_metrics.length, 1);
  const duplicate = await postJson(`${url}/aggregate_metrics`, { verify_responses: [{ reward: 1 }, { reward: 0 }] });
  assert.equal(duplicate.status, 400);
  assert.match(duplicate.body.detail, /Duplicate/);
});
