// Agents are found by their config name on any head server: ours, and NeMo Gym's (whose `name` is the implementation).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/errors.ts';
import { agentUrlsFromHead } from '../../src/rollouts/agent-directory.ts';

// NeMo Gym's head server answers /server_instances with ServerInstanceDisplayConfig.model_dump(mode="json") per server
// (nemo_gym/server_utils.py, nemo_gym/cli/env.py RunHelper.start): captured here for its example_single_tool_call and
// workplace_assistant configs.
const nemoGymInstances = readFileSync(fileURLToPath(new URL('../fixtures/nemo_gym_shaped/head_server/server_instances.json', import.meta.url)), 'utf8');

let head: Server;
let headUrl: string;

before(async () => {
  head = createServer((request, response) => {
    if (request.url === '/server_instances') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(nemoGymInstances);
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"detail":"Not Found"}');
    }
  });
  head.listen(0, '127.0.0.1');
  await once(head, 'listening');
  headUrl = `http://127.0.0.1:${(head.address() as { port: number }).port}`;
});

after(() => head.close());

test("agents on NeMo Gym's head server are found by their config name, though several share the implementation name", async () => {
  const urls = await agentUrlsFromHead(headUrl, ['example_single_tool_call_simple_agent', 'workplace_assistant_simple_agent']);
  assert.deepEqual([...urls], [
    ['example_single_tool_call_simple_agent', 'http://127.0.0.1:12650'],
    ['workplace_assistant_simple_agent', 'http://127.0.0.1:19021'],
  ]);
});

test("an unknown agent on NeMo Gym's head server lists the agents there by config name, not by implementation", async () => {
  const error = await agentUrlsFromHead(headUrl, ['simple_weather_simple_agent']).catch((caught: unknown) => caught);
  assert.ok(error instanceof ConfigError);
  assert.equal(error.message, `unknown agent \`simple_weather_simple_agent\`: the servers at ${headUrl} do not include it`);
  assert.equal(error.hint, 'agents running there: example_single_tool_call_simple_agent, workplace_assistant_simple_agent; fix agent_ref.name in the data or +agent_name');
});
