// The latency figure's floor on this machine: the latency overhead of our weather stack (as `npm run bench` measures
// it: 64 clients timing /run, an upstream taking 200 ms per call) beside the same measurement of the bare topology
// (bench/fixtures/bare-topology.ts, its upstream taking the same 200 ms): the same 8 exchanges through five
// processes with nothing of ours in them. Runs alternate, ours first, `--rounds` times. What the bare topology
// itself takes is what waking five processes eight times per rollout costs here, whoever writes them.
//
// Usage: node bench/latency-floor.ts [--rounds=3] [--concurrency=64] [--warmup=1280] [--rollouts=1280]
import { parseArgs } from 'node:util';
import { startStack, urlOf } from './lib/in-process-stack.ts';
import { median, quantile } from './lib/stats.ts';
import { startUpstream } from './lib/upstream.ts';
import { OPENAI_MODEL_CONFIG, policyOverrides, WEATHER_AGENT, WEATHER_CONFIG } from './lib/weather-setup.ts';
import { bareTopologyOverheads, rolloutOverheads } from './measurements/latency.ts';

const UPSTREAM_MS = 200;
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '64' },
    warmup: { type: 'string', default: '1280' },
    rollouts: { type: 'string', default: '1280' },
  },
});
const [rounds, concurrency, warmup, rollouts] = [values.rounds, values.concurrency, values.warmup, values.rollouts].map(Number) as [number, number, number, number];
if (![rounds, concurrency, rollouts].every((n) => Number.isInteger(n) && n > 0) || !Number.isInteger(warmup) || warmup < 0) {
  process.stderr.write('usage: node bench/latency-floor.ts [--rounds=3] [--concurrency=64] [--warmup=1280] [--rollouts=1280] (whole numbers)\n');
  process.exit(2);
}

async function ours(): Promise<number[]> {
  const upstream = await startUpstream(UPSTREAM_MS, {});
  try {
    const stack = await startStack([WEATHER_CONFIG, OPENAI_MODEL_CONFIG], policyOverrides(upstream.baseUrl), {});
    try {
      return await rolloutOverheads(urlOf(stack, WEATHER_AGENT), concurrency, warmup, rollouts, 2 * UPSTREAM_MS);
    } finally {
      await stack.stop();
    }
  } finally {
    await upstream.stop();
  }
}

const show = (values: number[]) => `median ${median(values).toFixed(2)} ms, p99 ${quantile(values, 0.99).toFixed(2)} ms`;
console.log(`latency overhead (rollout time - 2 x ${UPSTREAM_MS} ms), ${concurrency} clients, ${rollouts} rollouts after ${warmup} of warm-up`);
const all = { ours: [] as number[], bare: [] as number[] };
for (let round = 1; round <= rounds; round++) {
  const mine = await ours();
  console.log(`round ${round} ours           ${show(mine)}`);
  const bare = await bareTopologyOverheads(concurrency, warmup, rollouts, UPSTREAM_MS, 2);
  console.log(`round ${round} bare topology  ${show(bare)}`);
  all.ours.push(median(mine));
  all.bare.push(median(bare));
}
console.log(`median of the rounds' medians: ours ${median(all.ours).toFixed(2)} ms, bare topology ${median(all.bare).toFixed(2)} ms (target: ours < 5 ms)`);
