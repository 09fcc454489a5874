// Our server answers every call of tests/fixtures/python-tool-outputs.json with the bytes NeMo Gym's Python
// server answered (status and body), and verify gives Python's reward for each recorded case. The fixture is what
// scripts/python_reference_outputs.py recorded by running NeMo Gym's own server over our csv_data/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { descendantsOf, waitUntilGone } from '../../../test/helpers/processes.ts';
import { postJson, startKitServers, type KitServerGroup } from '../../../test/kit/kit-servers.ts';

interface RecordedCall {
  tool: string;
  python_function: string;
  request: string;
  status: number;
  response: string;
}
interface RecordedSession {
  name: string;
  seeded: boolean;
  calls: RecordedCall[];
}
interface RecordedVerify {
  name: string;
  output: unknown[];
  ground_truth: unknown;
  reward: number;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/python-tool-outputs.json', import.meta.url), 'utf8')) as {
  packages: Record<string, string>;
  sessions: RecordedSession[];
  verify: RecordedVerify[];
};

let group: KitServerGroup;
let url: string;

before(async () => {
  group = await startKitServers([
    { name: 'workplace_assistant', kind: 'resources_servers', implementation: 'workplace_assistant', dir: 'resources_servers/workplace_assistant', config: { data_dir: 'csv_data' } },
  ]);
  url = group.url('workplace_assistant');
});

after(async () => {
  const pids = [...group.pids(), ...group.pids().flatMap(descendantsOf)];
  await group.stop();
  assert.deepEqual(await waitUntilGone(pids, 2_000), []);
});

test('the fixture covers every tool with hundreds of calls', () => {
  const calls = fixture.sessions.flatMap((session) => session.calls);
  assert.ok(calls.length >= 500, `${calls.length} calls`);
  assert.equal(new Set(calls.map((call) => call.python_function).filter((name) => !name.startsWith('Workbench'))).size, 27);
});

for (const session of fixture.sessions) {
  test(`byte-identical to Python: ${session.name}`, async () => {
    let cookie: Record<string, string> = {};
    if (session.seeded) {
      const seeded = await postJson(`${url}/seed_session`, '{}');
      assert.equal(seeded.status, 200);
      cookie = { cookie: seeded.setCookies[0]!.split(';')[0]! };
    }
    const differences: string[] = [];
    for (const call of session.calls) {
      const reply = await postJson(`${url}/${call.tool}`, call.request, cookie);
      if (reply.status !== call.status || reply.text !== call.response) {
        differences.push(`${call.python_function} ${call.request}\n  python: ${call.status} ${call.response}\n  ours:   ${reply.status} ${reply.text}`);
      }
    }
    assert.deepEqual(differences, [], `${differences.length} of ${session.calls.length} calls differ`);
  });
}

test("verify gives Python's reward for every recorded case (WorkbenchResourcesServer.verify, utils.is_correct)", async () => {
  const differences: string[] = [];
  for (const recorded of fixture.verify) {
    const reply = await postJson(`${url}/verify`, {
      responses_create_params: { input: [] },
      response: { id: 'resp_fixture', output: recorded.output },
      ground_truth: recorded.ground_truth,
      id: 0,
      category: 'workplace_assistant',
      environment_name: 'workplace_assistant',
    });
    if (reply.status !== 200 || reply.body.reward !== recorded.reward) {
      differences.push(`${recorded.name}: python ${recorded.reward}, ours ${reply.status} ${reply.status === 200 ? reply.body.reward : reply.text}`);
    }
  }
  assert.deepEqual(differences, [], `${differences.length} of ${fixture.verify.length} verify cases differ`);
});
