// Metrics stream: the process computing them, or asking the environment for them, keeps its memory flat with the
// rollouts, even when a task has thousands of them (its group and rollout_infos are never whole in memory).
import assert from 'node:assert/strict';
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { spawnCli } from '../helpers/cli.ts';
import { assertAllGone, tempDir } from '../rollouts/collect-helpers.ts';
import { assertExit, OFFLINE_MODEL } from './metrics-helpers.ts';

const STACK = `+config_paths=[resources_servers/example_simple_weather/configs/simple_weather.yaml,${OFFLINE_MODEL}]`;

/** Weather rollouts of 5 tasks; `heavy`: with a 4 KB response (stripped before sending) and a kept 1 KB field (sent). */
function writeRollouts(path: string, count: number, heavy: boolean): void {
  const fd = openSync(path, 'w');
  const transcript = heavy ? 'x'.repeat(4096) : 'x';
  const explanation = heavy ? 'y'.repeat(1024) : 'y';
  try {
    let buffered = '';
    for (let i = 0; i < count; i++) {
      const row = {
        responses_create_params: { input: [{ role: 'user', content: `city ${i % 5}` }] },
        response: { id: `resp_${i}`, output: [{ type: 'message', content: [{ type: 'output_text', text: transcript }] }], usage: { input_tokens: 10 + (i % 7), output_tokens: 5, total_tokens: 15 + (i % 7) } },
        reward: i % 3 === 0 ? 1 : 0,
        judge_explanation: explanation,
        agent_ref: { name: 'simple_weather_simple_agent' },
        _ng_task_index: i % 5,
        _ng_rollout_index: Math.floor(i / 5),
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

/** ng_aggregate_rollouts over `count` rollouts (with the weather environment, or computed here); its peaks. */
async function aggregate(dir: string, count: number, withEnvironment: boolean, pids: number[]): Promise<{ heap: number; rss: number; spill: number }> {
  const rollouts = join(dir, `r${count}.jsonl`);
  writeRollouts(rollouts, count, withEnvironment);
  const stack = withEnvironment ? [STACK, `+head_server.port=${await freePort()}`, `+log_dir=${join(dir, 'logs')}`] : [];
  const run = spawnCli('ng_aggregate_rollouts', [...stack, `+input_glob=${rollouts}`, `+output_jsonl_fpath=${join(dir, `m${count}.jsonl`)}`, '+merge_shards=false', '+report_peak_rss=true'], { env: { CI: 'true', NO_COLOR: '1', NODE_OPTIONS: '--expose-gc' } });
  const result = await run;
  pids.push(run.pid!);
  assertExit(result, 0);
  assert.match(String(result.stdout), new RegExp(`Key metrics for simple_weather_simple_agent \\(${count} rollouts${withEnvironment ? ', from its environment' : ''}\\)`));
  const [group] = (JSON.parse(readFileSync(join(dir, `m${count}_aggregate_metrics.json`), 'utf8')) as { group_level_metrics: { rollout_infos: unknown[] }[] }[])[0]!.group_level_metrics;
  assert.equal(group!.rollout_infos.length, count / 5, 'a task holds a fifth of the rollouts');
  const number = (name: string): number => Number(new RegExp(`${name}: (\\d+)`).exec(String(result.stdout))![1]);
  return { heap: number('peak_live_heap_bytes'), rss: number('peak_rss_bytes'), spill: number('peak_spill_bytes') };
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const count = (n: number): string => n.toLocaleString('en-US');

/** The live heap at `large` rollouts is within 10% of the one at `small`; returns the large run's peaks. */
async function assertFlatHeap(t: TestContext, small: number, large: number, withEnvironment: boolean): Promise<{ spill: number; dir: string }> {
  const dir = tempDir();
  const pids: number[] = [];
  const a = await aggregate(dir, small, withEnvironment, pids);
  const b = await aggregate(dir, large, withEnvironment, pids);
  t.diagnostic(`peak live heap ${mb(a.heap)} -> ${mb(b.heap)}, peak RSS ${mb(a.rss)} -> ${mb(b.rss)}, temp disk ${mb(b.spill)}`);
  assert.ok(b.heap / a.heap <= 1.1, `peak live heap ${mb(b.heap)} at ${count(large)} rollouts vs ${mb(a.heap)} at ${count(small)} (x${(b.heap / a.heap).toFixed(2)}; peak RSS ${mb(b.rss)} vs ${mb(a.rss)})`);
  await assertAllGone(pids);
  return { spill: b.spill, dir };
}

// The live heap (sampled after a forced GC, node --expose-gc) is what the process keeps; peak RSS also
// counts garbage not yet collected, whose amount varies with V8's heuristics and the machine's load.
test("asking the environment for the metrics of 20,000 rollouts of 5 tasks keeps a live heap within 10% of 2,000's (the rows are over 100 MB)", { timeout: 300_000 }, async (t) => {
  await assertFlatHeap(t, 2_000, 20_000, true);
});

test("computing the metrics of 50,000 rollouts of 5 tasks here keeps a live heap within 10% of 5,000's, sorting on disk", { timeout: 300_000 }, async (t) => {
  const { spill, dir } = await assertFlatHeap(t, 5_000, 50_000, false);
  assert.ok(spill > 0, 'the rollouts were sorted on disk');
  assert.deepEqual(readdirSync(dir).filter((name) => name.includes('.spill-') || name.endsWith('.tmp')), [], 'no temp file is left');
});
