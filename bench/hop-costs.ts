// One hop at a time: the CPU a server and its client spend per request, each pair alone on the machine, in a closed
// loop of 64 calls in flight. The bare exchange (bench/fixtures/bare-http-*.ts: node:http and undici's Pool.request)
// against our own pieces: the kit's HttpApp echoing a rollout-sized body, our client path (lean-post over the pooled
// agent), and each call the weather resources server takes in a rollout. Compare with the per-process CPU per
// rollout a full run reports (`details` of the throughput measurement): what a process spends there beyond the sum
// of its hops here is what running in the pipeline costs it. After them, the bare exchange as 1, 2 and 3 pairs at once (64
// in flight in all) in alternating slices: what sharing two cores among as many busy processes as a collection runs
// (five) costs the simplest exchange itself, once every process is warm. Then the bare server and the weather
// resources server (a rollout's three calls in turn) at 64, 8 and 2 calls in flight, alone and with two bare pairs
// running: what a server spends per call against how many calls it finds waiting when it wakes.
//
// Usage: node bench/hop-costs.ts [--rounds=2] [--seconds=4] [--crowd-warmup-seconds=8]   (the last: warm-up of the
// last two sections, per setting)
import { parseArgs } from 'node:util';
import { measureBareCrowds } from './lib/bare-crowd.ts';
import { startExchangePair } from './lib/bare-exchange.ts';
import { contextSwitches, threadCpuNs } from './lib/process-cpu.ts';
import { measureWakeUps } from './lib/wake-ups.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '2' }, seconds: { type: 'string', default: '4' }, 'crowd-warmup-seconds': { type: 'string', default: '8' } },
});
const rounds = Number(values.rounds);
const measureMs = Number(values.seconds) * 1000;
const concurrency = 64;

interface Pair {
  label: string;
  server: string;
  client: string;
  clientArgs: string[];
}

const pairs: Pair[] = [
  { label: 'bare: node:http, undici Pool.request, GET', server: 'bare-http-server.ts', client: 'bare-http-client.ts', clientArgs: ['get'] },
  { label: 'bare: node:http, undici Pool.request, 2 KB POST echoed', server: 'bare-http-server.ts', client: 'bare-http-client.ts', clientArgs: ['post'] },
  { label: 'kit: HttpApp echo, leanPost, /verify-sized body', server: 'kit-weather-server.ts', client: 'kit-http-client.ts', clientArgs: ['echo'] },
  { label: 'weather /seed_session (new session)', server: 'kit-weather-server.ts', client: 'kit-http-client.ts', clientArgs: ['seed'] },
  { label: 'weather /get_weather', server: 'kit-weather-server.ts', client: 'kit-http-client.ts', clientArgs: ['tool'] },
  { label: 'weather /verify, validated-hop mark', server: 'kit-weather-server.ts', client: 'kit-http-client.ts', clientArgs: ['verify'] },
  { label: 'weather /verify, validated with zod', server: 'kit-weather-server.ts', client: 'kit-http-client.ts', clientArgs: ['verify-unmarked'] },
];

async function measure(pair: Pair): Promise<string> {
  const exchange = await startExchangePair(pair.server, pair.client, concurrency, pair.clientArgs, `calls of ${pair.label}`);
  try {
    exchange.run();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const before = await exchange.pause();
    const pids = [exchange.serverPid, exchange.clientPid];
    const cpu0 = pids.map(threadCpuNs);
    const switches0 = pids.map(contextSwitches);
    exchange.run();
    await new Promise((resolve) => setTimeout(resolve, measureMs));
    const requests = (await exchange.pause()) - before;
    const cpu1 = pids.map(threadCpuNs);
    const switches1 = pids.map(contextSwitches);
    const perRequestUs = (i: number) => ((cpu1[i]! - cpu0[i]!) / 1000 / requests).toFixed(1);
    const perSwitch = (i: number) => (requests / Math.max(1, switches1[i]! - switches0[i]!)).toFixed(0);
    return `${pair.label.padEnd(56)} ${String(requests).padStart(7)} req  server ${perRequestUs(0).padStart(6)} µs/req (${perSwitch(0).padStart(3)} req/switch)  client ${perRequestUs(1).padStart(6)} µs/req (${perSwitch(1).padStart(3)} req/switch)`;
  } finally {
    await exchange.stop();
  }
}

for (let round = 1; round <= rounds; round++) {
  process.stdout.write(`round ${round} of ${rounds}, ${concurrency} in flight, ${measureMs / 1000} s each after 1.5 s of warm-up\n`);
  for (const pair of pairs) process.stdout.write(`${await measure(pair)}\n`);
}

// A pair measured right after its start costs up to twice what it costs warm, and a pair sharing the cores with two
// others warms up three times slower: without a long warm-up the crowds look far costlier than they are.
const crowdWarmupMs = Number(values['crowd-warmup-seconds']) * 1000;
const crowds = await measureBareCrowds(concurrency, 3, { rounds: Math.max(3, rounds), sliceMs: measureMs / 2, warmupMs: crowdWarmupMs });
process.stdout.write(`bare pairs sharing the cores, ${concurrency} in flight in all, ${crowdWarmupMs / 1000} s of warm-up each, median of ${crowds.rounds.length} alternations of ${measureMs / 2000} s slices\n`);
for (const [pairsAtOnce, cpuUs] of Object.entries(crowds.cpuUsPerExchange)) {
  const share = crowds.onePairOver[Number(pairsAtOnce)]!;
  process.stdout.write(`${`bare: ${pairsAtOnce} pair${pairsAtOnce === '1' ? '' : 's'} at once (${2 * Number(pairsAtOnce)} processes)`.padEnd(56)} ${cpuUs.toFixed(1).padStart(6)} µs/exchange (client + server)  one pair's cost / this: ${share.toFixed(2)}\n`);
}

process.stdout.write(`calls per wake-up: each server at 64, 8 and 2 calls in flight, alone and with two bare pairs running, ${crowdWarmupMs / 1000} s of warm-up each, median of ${Math.max(3, rounds)} alternations of ${measureMs / 2000} s slices\n`);
const wakeUpSizes = { rounds: Math.max(3, rounds), sliceMs: measureMs / 2, warmupMs: crowdWarmupMs };
for (const [label, server, client, args] of [
  ['bare server, 2 KB POST echoed', 'bare-http-server.ts', 'bare-http-client.ts', ['post']],
  ['weather server, a rollout\'s 3 calls in turn', 'kit-weather-server.ts', 'kit-http-client.ts', ['rollout']],
] as const) {
  const rows = await measureWakeUps(server, client, args, [64, 8, 2], wakeUpSizes);
  for (const concurrency of [64, 8, 2]) {
    const [alone, crowded] = [false, true].map((withPairs) => rows.find((row) => row.concurrency === concurrency && row.crowded === withPairs)!);
    const cell = (row: typeof alone) => `${row!.serverUsPerCall.toFixed(1).padStart(6)} µs/call (${row!.callsPerSwitch.toFixed(1).padStart(4)} calls/switch)`;
    process.stdout.write(`${`${label}, ${concurrency} in flight`.padEnd(56)} alone ${cell(alone)}  with 2 bare pairs ${cell(crowded)}\n`);
  }
}
