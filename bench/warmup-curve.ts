// How long our weather collection takes to reach its steady state: one long ng_e2e_collect_rollouts (openai_model, the
// upstream double, no probe), and each process's CPU per rollout over every window of `--window` rollouts. The
// upstream is not ours and does the same work from the first call to the last: a window where it costs more is the
// machine being slower, not our processes warming up. The throughput figure's warm-up (bench/lib/sizes.ts) is
// chosen from this curve.
//
// Usage: node bench/warmup-curve.ts [--rollouts=80000] [--window=10000] [--concurrency=64]
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startE2eCollection } from './lib/e2e-run.ts';
import { nameOurs } from './lib/our-processes.ts';
import { cpuNsOf } from './lib/process-cpu.ts';
import { LineCounter } from './lib/sliced-comparison.ts';
import { startUpstream } from './lib/upstream.ts';
import { OPENAI_MODEL_CONFIG, policyOverrides, WEATHER_CONFIG, weatherExampleRows } from './lib/weather-setup.ts';

const { values } = parseArgs({
  options: {
    rollouts: { type: 'string', default: '80000' },
    window: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '64' },
  },
});
const total = Number(values.rollouts);
const window = Number(values.window);
const concurrency = Number(values.concurrency);
if (![total, window, concurrency].every((n) => Number.isInteger(n) && n > 0) || window * 2 > total) {
  process.stderr.write('usage: node bench/warmup-curve.ts [--rollouts=80000] [--window=10000] [--concurrency=64] (whole numbers, at least two windows)\n');
  process.exit(2);
}

const upstream = await startUpstream(0, {});
try {
  const collection = await startE2eCollection({
    configPaths: [WEATHER_CONFIG, OPENAI_MODEL_CONFIG],
    rollouts: total,
    exampleRows: weatherExampleRows().length,
    concurrency,
    overrides: policyOverrides(upstream.baseUrl),
    env: {},
    timeoutMs: 1_800_000,
  });
  let ended = false;
  void collection.finished.finally(() => (ended = true));
  const rollouts = new LineCounter(collection.rolloutsPath);
  console.log(`${total} weather rollouts, ${concurrency} in flight: CPU per rollout (us) of each process, per window of ${window}`);
  let names: Map<number, string> | undefined;
  let last: { rollouts: number; cpu: Map<number, number>; at: number } | undefined;
  // The last window stops short of the run's tail, where fewer than `concurrency` rollouts are in flight.
  while (!ended) {
    await sleep(50);
    const done = rollouts.count();
    if (done + 2 * concurrency >= total) break;
    // The first reading once rollouts come back: every server of the stack is up by then.
    if (last === undefined ? done === 0 : done < last.rollouts + window) continue;
    names ??= nameOurs(collection.cli.processTree(), collection.cli.pid).set(upstream.pid, 'upstream');
    const now = { rollouts: done, cpu: cpuNsOf([...names.keys()]), at: performance.now() };
    if (last !== undefined) {
      const n = now.rollouts - last.rollouts;
      const perProcess = [...names].map(([pid, name]) => [name, (now.cpu.get(pid)! - last!.cpu.get(pid)!) / 1000 / n] as const);
      const ours = perProcess.filter(([name]) => name !== 'upstream').reduce((sum, [, us]) => sum + us, 0);
      const rate = (n * 1000) / (now.at - last.at);
      console.log(`${String(last.rollouts).padStart(7)}-${String(now.rollouts).padEnd(7)} ours ${ours.toFixed(0).padStart(4)}  ${perProcess.map(([name, us]) => `${name} ${us.toFixed(0)}`).join(', ')}  (${rate.toFixed(0)} rollouts/s)`);
    }
    last = now;
  }
  const run = await collection.finished;
  if (run.exitCode !== 0) throw new Error(`ng_e2e_collect_rollouts exited ${run.exitCode}: ${run.outputTail.split('\n').at(-1)}`);
} finally {
  await upstream.stop();
}
