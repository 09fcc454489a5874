import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { spawnCli } from '../helpers/cli.ts';
import { serversStartedBy } from '../helpers/processes.ts';
import { readJsonlFile, tempDir } from '../rollouts/collect-helpers.ts';

test('the quick start collects the example split end to end, and ng_aggregate_rollouts recomputes its metrics exactly', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const out = join(dir, 'quickstart.jsonl');
  const run = spawnCli('ng_e2e_collect_rollouts', ['+config_paths=[configs/quickstart.yaml]', '+split=example', `+output_jsonl_fpath=${out}`, `+head_server.port=${await freePort()}`]);
  const result = await run;
  assert.equal(result.exitCode, 0, String(result.stderr) + String(result.stdout));
  assert.match(String(result.stdout), /Key metrics for simple_weather_simple_agent \(5\/5 rollouts succeeded\):\n  mean\/reward: /);
  assert.equal(readJsonlFile(out).length, 15);
  assert.equal(readJsonlFile(join(dir, 'quickstart', 'preprocessed_datasets', 'example.jsonl')).length, 15);
  assertEveryToolRanCleanly(readJsonlFile(out));
  const collected = JSON.parse(readFileSync(join(dir, 'quickstart_aggregate_metrics.json'), 'utf8')) as Record<string, any>[];
  assert.deepEqual(collected.map((entry) => entry.agent_ref.name), ['example_multi_step_simple_agent', 'simple_weather_simple_agent', 'workplace_assistant_simple_agent']);

  const merged = join(dir, 'merged.jsonl');
  const aggregate = spawnCli('ng_aggregate_rollouts', [`+input_glob=${out}`, `+output_jsonl_fpath=${merged}`]);
  const aggregated = await aggregate;
  assert.equal(aggregated.exitCode, 0, String(aggregated.stderr));
  const recomputed = JSON.parse(readFileSync(join(dir, 'merged_aggregate_metrics.json'), 'utf8')) as Record<string, any>[];
  for (const [i, entry] of recomputed.entries()) {
    assert.deepEqual(entry.agent_metrics, collected[i]!.agent_metrics);
    assert.deepEqual(entry.group_level_metrics, collected[i]!.group_level_metrics);
  }
  assert.deepEqual(serversStartedBy(run.pid!), [], 'every server of the run is gone');
});

/**
 * The offline model's schema mode calls every offered tool with schema-valid arguments: each environment's
 * tools must all have run, and none may have answered with a server error (a 422/404/500 body or a tool error).
 */
function assertEveryToolRanCleanly(rollouts: Record<string, any>[]): void {
  const byAgent = new Map<string, { offered: Set<string>; called: Set<string>; failed: string[] }>();
  for (const rollout of rollouts) {
    const agent = byAgent.get(rollout.agent_ref.name) ?? { offered: new Set(), called: new Set(), failed: [] };
    byAgent.set(rollout.agent_ref.name, agent);
    for (const tool of rollout.responses_create_params.tools ?? []) agent.offered.add(tool.name);
    const names = new Map<string, string>();
    for (const item of rollout.response.output) {
      if (item.type === 'function_call') {
        agent.called.add(item.name);
        names.set(item.call_id, item.name);
      }
      const output = String(item.output ?? '');
      if (item.type === 'function_call_output' && /"detail"|Error executing tool|Internal Server Error|"error"/.test(output)) {
        agent.failed.push(`${names.get(item.call_id)}: ${output.slice(0, 200)}`);
      }
    }
  }
  assert.deepEqual([...byAgent.keys()].sort(), ['example_multi_step_simple_agent', 'simple_weather_simple_agent', 'workplace_assistant_simple_agent']);
  assert.equal(byAgent.get('workplace_assistant_simple_agent')!.offered.size, 27, 'workplace_assistant offers its 27 tools');
  for (const [name, agent] of byAgent) {
    assert.deepEqual([...agent.called].sort(), [...agent.offered].sort(), `${name}: every offered tool was called`);
    assert.deepEqual(agent.failed, [], `${name}: no tool call answered with an error`);
  }
}
