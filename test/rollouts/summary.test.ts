// The summary at the end of a collection: one scale for every figure, each figure once, the offline model noted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ServerInstance } from '../../src/config/types.ts';
import { offlinePolicyAgents, printKeyMetrics } from '../../src/rollouts/summary.ts';
import { startFakeAgent } from '../fixtures/agents/start-fake-agent.ts';
import { spawnCli } from '../helpers/cli.ts';
import { assertAllGone, tempDir, writeInput } from './collect-helpers.ts';

/** `name: value` lines of the summary block for `agent`, in order. */
function metricLines(stdout: string, agent: string): Array<[string, number]> {
  const block = stdout.split(`Key metrics for ${agent} `)[1]!.split('\n').slice(1);
  const lines: Array<[string, number]> = [];
  for (const line of block) {
    const match = /^ {2}([^\s:][^:]*): (-?[\d.]+)$/.exec(line);
    if (match) lines.push([match[1]!, Number(match[2])]);
    else if (!line.startsWith('  ')) break;
  }
  return lines;
}

test('ng_collect_rollouts with repeats: pass@k and mean@k on the reward scale like the means, labelled, each once', async () => {
  const dir = tempDir();
  const agent = await startFakeAgent({ FAKE_AGENT_DELAY_MS: '5' });
  const input = writeInput(join(dir, 'in.jsonl'), 10);
  const out = join(dir, 'run.jsonl');
  // The fake agent rewards (task + rollout) % 2 === 0: each task gets 2 of its 4 rollouts right.
  const run = spawnCli('ng_collect_rollouts', [`+head_server.port=${agent.port}`, `+input_jsonl_fpath=${input}`, `+output_jsonl_fpath=${out}`, '+agent_name=fake_agent', '+limit=3', '+num_repeats=4']);
  const result = await run;
  await agent.stop();
  assert.equal(result.exitCode, 0, String(result.stderr));
  const stdout = String(result.stdout);
  const lines = metricLines(stdout, 'fake_agent');
  const byKey = new Map(lines);
  assert.equal(byKey.size, lines.length, `each figure printed once:\n${stdout}`);
  assert.equal(byKey.get('mean/reward'), 0.5);
  assert.equal(byKey.get('pass@1/reward'), 0.5);
  assert.equal(byKey.get('pass@2/reward'), 0.8333, 'unbiased pass@2 = 1 - C(2,2)/C(4,2)');
  assert.equal(byKey.get('pass@4/reward'), 1);
  assert.equal(byKey.get('mean@4/reward'), 0.5);
  for (const [key, value] of lines) if (/^(pass|mean)@/.test(key)) assert.ok(value >= 0 && value <= 1, `${key}: ${value} is on the 0..1 reward scale`);
  assert.match(stdout, /^ {2}over k rollouts per task, on the same scale as the means \(pass@k: best of k, mean@k: mean of the first k\):\n {2}pass@1\/reward: 0\.5$/m, 'labelled');
  // The metrics file keeps NeMo Gym's convention (percent), which is why the summary says which scale it prints.
  const [metrics] = JSON.parse(readFileSync(join(dir, 'run_aggregate_metrics.json'), 'utf8')) as Array<{ agent_metrics: Record<string, number> }>;
  assert.equal(metrics!.agent_metrics['pass@4/reward'], 100);
  assert.doesNotMatch(stdout, /note: .*offline model/, 'no offline-model note without the offline model');
  await assertAllGone([agent.process.pid, run.pid]);
});

test("an environment's own over-k metrics (NeMo Gym's helpers, in percent) are shown once, on the reward scale", () => {
  const lines: string[] = [];
  printKeyMetrics(
    {
      key_metrics: { 'mean/accuracy': 0.75, 'pass@1[avg-of-4]/accuracy': 75, 'majority@4/accuracy': 50 },
      agent_metrics: { 'mean/accuracy': 0.75, 'pass@1[avg-of-4]/accuracy': 75, 'majority@4/accuracy': 50, 'pass@4/accuracy': 100, 'mean@4/accuracy': 0.75, 'max/accuracy': 1 },
    },
    (line) => lines.push(line),
  );
  assert.deepEqual(lines, [
    '  mean/accuracy: 0.75',
    '  over k rollouts per task, on the same scale as the means (pass@k: best of k, mean@k: mean of the first k):',
    '  pass@1[avg-of-4]/accuracy: 0.75',
    '  majority@4/accuracy: 0.5',
    '  pass@4/accuracy: 1',
    '  mean@4/accuracy: 0.75',
  ]);
});

test('the agents whose model server is the offline model are noticed by their model_server reference', () => {
  const server = (name: string, kind: ServerInstance['kind'], implementation: string, config: Record<string, unknown> = {}): ServerInstance =>
    ({ name, kind, implementation, config, dir: '/x', entrypoint: 'app.ts' }) as ServerInstance;
  const servers = [
    server('policy_model', 'responses_api_models', 'offline_model'),
    server('judge', 'responses_api_models', 'openai_model'),
    server('a_agent', 'responses_api_agents', 'simple_agent', { model_server: { type: 'responses_api_models', name: 'policy_model' } }),
    server('b_agent', 'responses_api_agents', 'simple_agent', { model_server: { type: 'responses_api_models', name: 'judge' } }),
  ];
  assert.deepEqual(offlinePolicyAgents(servers, ['a_agent', 'b_agent']), ['a_agent']);
  assert.deepEqual(offlinePolicyAgents(servers.slice(1), ['a_agent', 'b_agent']), []);
});
