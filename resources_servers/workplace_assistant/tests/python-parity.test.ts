// Our server answers every recorded call with the bytes NeMo Gym's Python server answered (status and body),
// offers the same tool schemas, and verify gives Python's reward for each recorded case. The fixtures are what
// scripts/python_reference_outputs.py recorded by running NeMo Gym's own server: python-tool-outputs.json over our
// csv_data/, python-tool-outputs-gaps.json over tests/fixtures/csv_gaps/ (cells pandas reads as NaN).
// WORKPLACE_PARITY_FIXTURE and WORKPLACE_PARITY_DATA_DIR replay another recording (say over NeMo Gym's own CSVs).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { descendantsOf, waitUntilGone } from '../../../test/helpers/processes.ts';
import { postJson, startKitServers, type KitServerGroup } from '../../../test/kit/kit-servers.ts';
import { WORKPLACE_TOOL_SCHEMAS } from '../lib/tool-schemas.ts';

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
interface Fixture {
  packages: Record<string, string>;
  schemas_sha256: string;
  sessions: RecordedSession[];
  verify: RecordedVerify[];
}
const readFixture = (path: string | URL) => JSON.parse(readFileSync(path, 'utf8')) as Fixture;
const recordings: { name: string; dataDir: string; fixture: Fixture }[] = process.env.WORKPLACE_PARITY_FIXTURE
  ? [{ name: 'recording', dataDir: process.env.WORKPLACE_PARITY_DATA_DIR ?? 'csv_data', fixture: readFixture(process.env.WORKPLACE_PARITY_FIXTURE) }]
  : [
    { name: 'csv_data', dataDir: 'csv_data', fixture: readFixture(new URL('./fixtures/python-tool-outputs.json', import.meta.url)) },
    { name: 'csv_gaps', dataDir: 'tests/fixtures/csv_gaps', fixture: readFixture(new URL('./fixtures/python-tool-outputs-gaps.json', import.meta.url)) },
  ];
const fixture = recordings[0]!.fixture;

let group: KitServerGroup;
const urls = new Map<string, string>();

before(async () => {
  group = await startKitServers(recordings.map((recording) => ({
    name: `workplace_${recording.name}`, kind: 'resources_servers' as const, implementation: 'workplace_assistant',
    dir: 'resources_servers/workplace_assistant', config: { data_dir: recording.dataDir },
  })));
  for (const recording of recordings) urls.set(recording.name, group.url(`workplace_${recording.name}`));
});

after(async () => {
  const pids = [...group.pids(), ...group.pids().flatMap(descendantsOf)];
  await group.stop();
  assert.deepEqual(await waitUntilGone(pids, 2_000), []);
});

test('the tool schemas are the ones NeMo Gym offers, texts and property order included (utils.get_tools()["schemas"])', () => {
  assert.equal(createHash('sha256').update(JSON.stringify(WORKPLACE_TOOL_SCHEMAS)).digest('hex'), fixture.schemas_sha256);
});

test('the fixture covers every tool with hundreds of calls', () => {
  const calls = fixture.sessions.flatMap((session) => session.calls);
  assert.ok(calls.length >= 500, `${calls.length} calls`);
  assert.equal(new Set(calls.map((call) => call.python_function).filter((name) => !name.startsWith('Workbench'))).size, 27);
});

for (const { name, fixture: recorded } of recordings) {
  for (const session of recorded.sessions) {
    test(`byte-identical to Python over ${name}: ${session.name}`, async () => {
      const url = urls.get(name)!;
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
}

test("verify gives Python's reward for every recorded case (WorkbenchResourcesServer.verify, utils.is_correct)", async () => {
  const differences: string[] = [];
  for (const recorded of fixture.verify) {
    const reply = await postJson(`${urls.get(recordings[0]!.name)!}/verify`, {
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
