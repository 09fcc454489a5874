// An agent built on the kit without its own /aggregate_metrics handler answers as NeMo Gym's base agent does:
// NeMo's default metrics over the verify responses it is sent (real HTTP on loopback).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { createAgentApp } from '../../src/kit/agent-server.ts';
import type { ServerContext } from '../../src/kit/server-context.ts';
import { computeAggregateMetrics } from '../../src/metrics/aggregate-metrics.ts';

const context: ServerContext = {
  name: 'plain_agent', kind: 'responses_api_agents', implementation: 'plain', config: {}, tree: {}, host: '127.0.0.1', port: 0,
  headUrl: undefined, runToken: undefined, parentPid: undefined, log: () => {},
};

test('an agent without a handler computes NeMo default metrics; a duplicate key is a 400, a bad body a 422', async () => {
  const unused = async () => ({ status: 500 });
  const app = createAgentApp(context, { responses: unused, run: unused });
  const server = createServer(app.handle).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/aggregate_metrics`;
  const post = async (body: unknown) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  try {
    const verify_responses = [
      { _ng_task_index: 1, _ng_rollout_index: 0, reward: 1, response: { usage: { input_tokens: 3 } } },
      { _ng_task_index: 0, _ng_rollout_index: 0, reward: 0.5, response: { usage: { input_tokens: 4 } } },
    ];
    const answer = await post({ verify_responses });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, JSON.parse(JSON.stringify(computeAggregateMetrics(verify_responses))));
    assert.deepEqual(Object.keys(answer.body.key_metrics), ['mean/reward', 'mean/input_tokens']);
    const duplicate = await post({ verify_responses: [{ reward: 1 }, { reward: 0 }] });
    assert.equal(duplicate.status, 400);
    assert.match(duplicate.body.detail, /Duplicate result row for rollout key \(0, 0\)/);
    const bad = await post({ verify_responses: [1] });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.detail[0].loc, ['body', 'verify_responses', 0]);
  } finally {
    server.close();
  }
});
