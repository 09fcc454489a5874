// POST /aggregate_metrics streams: the process asking for the metrics keeps its memory flat with the rollouts.
import assert from 'node:assert/strict';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import getPort from 'get-port';
import { spawnCli } from '../helpers/cli.ts';
import { assertAllGone, tempDir } from '../rollouts/collect-helpers.ts';
import { assertExit, OFFLINE_MODEL } from './metrics-helpers.ts';

const STACK = `+config_paths=[resources_servers/example_simple_weather/configs/simple_weather.yaml,${OFFLINE_MODEL}]`;

/** Weather rollouts with a heavy response (stripped before sending) and a kept 1 KB field (sent). */
function writeHeavyRollouts(path: string, count: number): void {
  const fd = openSync(path, 'w');
  const transcript = 'x'.repeat(4096);
  const explanation = 'y'.repeat(1024);
  try {
    let buffered = '';
    for (let task = 0; task < count; task++) {
      const row = {
        responses_create_params: { input: [{ role: 'user', content: `city ${task}` }] },
        response: { id: `resp_${task}`, output: [{ type: 'message', content: [{ type: 'output_text', text: transcript }] }], usage: { input_tokens: 10 + (task % 7), output_tokens: 5, total_tokens: 15 + (task % 7) } },
        reward: task % 3 === 0 ? 1 : 0,
        judge_explanation: explanation,
        agent_ref: { name: 'simple_weather_simple_agent' },
        _ng_task_index: task,
        _ng_rollout_index: 0,
      };
      buffered += `${JSON.stringify(row)}\n`;
      if (buffered.length > 1 << 20) {
        writeSync(fd, buffered);
        buffered = '';
      }
    }
    writeSync(fd, buffered);
  } finally {
    closeSync(fd);
  }
}

// The live heap (sampled after a forced GC, node --expose-gc) is what the process keeps; peak RSS also
// counts garbage not yet collected, whose amount varies with V8's heuristics and the machine's load.
test("asking the environment for the metrics of 20,000 rollouts keeps a live heap within 10% of 2,000's", { timeout: 300_000 }, async () => {
  const dir = tempDir();
  const pids: number[] = [];
  const peakLiveHeap = async (count: number): Promise<{ heap: number; rss: number }> => {
    const rollouts = join(dir, `r${count}.jsonl`);
    writeHeavyRollouts(rollouts, count);
    const run = spawnCli('ng_aggregate_rollouts', [STACK, `+head_server.port=${await getPort()}`, `+input_glob=${rollouts}`, `+output_jsonl_fpath=${join(dir, `m${count}.jsonl`)}`, '+merge_shards=false', '+report_peak_rss=true', `+log_dir=${join(dir, 'logs')}`], { env: { CI: 'true', NO_COLOR: '1', NODE_OPTIONS: '--expose-gc' } });
    const result = await run;
    pids.push(run.pid!);
    assertExit(result, 0);
    assert.match(String(result.stdout), new RegExp(`Key metrics for simple_weather_simple_agent \\(${count} rollouts, from its environment\\)`));
    const number = (name: string): number => Number(new RegExp(`${name}: (\\d+)`).exec(String(result.stdout))![1]);
    return { heap: number('peak_live_heap_bytes'), rss: number('peak_rss_bytes') };
  };
  const small = await peakLiveHeap(2_000);
  const large = await peakLiveHeap(20_000);
  const ratio = large.heap / small.heap;
  const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  assert.ok(ratio <= 1.1, `peak live heap ${mb(large.heap)} at 20,000 rollouts vs ${mb(small.heap)} at 2,000 (x${ratio.toFixed(2)}; peak RSS ${mb(large.rss)} vs ${mb(small.rss)}); the 20,000 rows are over 100 MB on disk`);
  await assertAllGone(pids);
});
