// Our weather rollout against the same topology with nothing of ours in it (bench/fixtures/bare-topology.ts: five
// processes passing the rollout's real bodies along the same 8 exchanges, plain node:http and undici), and against
// the bare exchange, in alternating slices of one run: while one runs, the others are frozen (SIGSTOP; the bare
// exchange's client paused). Per process: CPU per rollout, ours against the bare topology's; and what the throughput
// figure of `npm run bench` would be for each (the bare exchange's CPU per exchange over theirs, every upstream call
// charged what the bare server spends on an exchange). The topology's figure is what a rollout of 8 exchanges
// through five processes costs on this machine whoever writes them: the part of the gap to the bare exchange that
// is not our code.
//
// Usage: node bench/topology.ts [--rounds=6] [--slice-seconds=2] [--warmup-rollouts=15000] [--concurrency=64]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startBareExchange } from './lib/bare-exchange.ts';
import { startBareTopology } from './lib/bare-topology.ts';
import { startE2eCollection } from './lib/e2e-run.ts';
import { signalAll, waitStopped } from './lib/process-cpu.ts';
import { ceilingSlice, LineCounter, workloadSlice } from './lib/sliced-comparison.ts';
import { nameOurs } from './lib/our-processes.ts';
import { median } from './lib/stats.ts';
import { startUpstream } from './lib/upstream.ts';
import { OPENAI_MODEL_CONFIG, policyOverrides, WEATHER_CONFIG, WEATHER_EXCHANGES_PER_ROLLOUT, weatherExampleRows } from './lib/weather-setup.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    'slice-seconds': { type: 'string', default: '2' },
    'warmup-rollouts': { type: 'string', default: '15000' },
    concurrency: { type: 'string', default: '64' },
  },
});
const rounds = Number(values.rounds);
const sliceMs = Number(values['slice-seconds']) * 1000;
const warmupRollouts = Number(values['warmup-rollouts']);
const concurrency = Number(values.concurrency);
/** Upstream calls per weather rollout (two model turns). */
const UPSTREAM_CALLS = 2;

/** A workload of several processes that can be frozen, with a rollouts file whose lines count its rollouts. */
interface Workload {
  label: string;
  /** Process name by pid; the one named `upstream` is not charged to the workload. */
  processes: Map<number, string>;
  rollouts: LineCounter;
}

interface Slice {
  rollouts: number;
  ms: number;
  cpuMsByName: Map<string, number>;
}

/** Thaw the workload for `ms`, freeze it again, and say what it did meanwhile. */
async function runSlice(workload: Workload, ms: number): Promise<Slice> {
  const rolloutsBefore = workload.rollouts.count();
  const slice = await workloadSlice([...workload.processes.keys()], ms);
  const rollouts = workload.rollouts.count() - rolloutsBefore;
  if (rollouts === 0) throw new Error(`${workload.label}: no rollout finished in a ${ms} ms slice (a process of it hung or ended)`);
  const cpuMsByName = new Map<string, number>();
  for (const [pid, cpuMs] of slice.cpuMs) {
    const name = workload.processes.get(pid)!;
    cpuMsByName.set(name, (cpuMsByName.get(name) ?? 0) + cpuMs);
  }
  return { rollouts, ms: slice.ms, cpuMsByName };
}

async function startBareWorkload(rolloutsPath: string): Promise<{ workload: Workload; stop: () => Promise<void> }> {
  const topology = await startBareTopology();
  try {
    const collector = topology.startCollector(concurrency, rolloutsPath);
    return { workload: { label: 'bare topology', processes: topology.processes, rollouts: collector.lines }, stop: topology.stop };
  } catch (error) {
    await topology.stop();
    throw error;
  }
}

const workdir = mkdtempSync(join(tmpdir(), 'rg-topology-'));
const cleanups: (() => Promise<void>)[] = [async () => rmSync(workdir, { recursive: true, force: true })];
/** Every process this run may have frozen: thawed before anything is stopped, or a stop signal would wait forever. */
const frozen = new Set<number>();
const freeze = (pids: Iterable<number>) => {
  const list = [...pids];
  for (const pid of list) frozen.add(pid);
  signalAll(list, 'SIGSTOP');
};
try {
  const bare = await startBareWorkload(join(workdir, 'bare-rollouts.jsonl'));
  cleanups.unshift(bare.stop);
  freeze(bare.workload.processes.keys());

  const upstream = await startUpstream(0, {});
  cleanups.unshift(upstream.stop);
  // Enough rollouts for the warm-up and every slice at up to 5,000 rollouts/s; the run is stopped after the last slice.
  const rollouts = warmupRollouts + rounds * (sliceMs / 1000) * 5000 + 10 * concurrency;
  const collection = await startE2eCollection({ configPaths: [WEATHER_CONFIG, OPENAI_MODEL_CONFIG], rollouts, exampleRows: weatherExampleRows().length, concurrency, overrides: policyOverrides(upstream.baseUrl), env: {}, timeoutMs: 3_600_000 });
  cleanups.unshift(async () => {
    await collection.cli.kill();
    await collection.finished.catch(() => undefined);
  });
  const ourRollouts = new LineCounter(collection.rolloutsPath);
  process.stdout.write(`warming up: ${warmupRollouts} rollouts of ours, then as many of the bare topology, ${concurrency} in flight\n`);
  while (ourRollouts.count() < warmupRollouts) {
    if (collection.cli.child.exitCode !== null) throw new Error(`ng_e2e_collect_rollouts ended during the warm-up:\n${collection.cli.outputTail()}`);
    await sleep(200);
  }
  const ours: Workload = { label: 'ours', processes: nameOurs(collection.cli.processTree(), collection.cli.pid), rollouts: ourRollouts };
  ours.processes.set(upstream.pid, 'upstream');
  freeze(ours.processes.keys());
  await waitStopped([...ours.processes.keys()]);
  signalAll([...bare.workload.processes.keys()], 'SIGCONT');
  const warmupDeadline = performance.now() + 300_000;
  while (bare.workload.rollouts.count() < warmupRollouts) {
    if (performance.now() > warmupDeadline) throw new Error(`the bare topology collected ${bare.workload.rollouts.count()} of ${warmupRollouts} warm-up rollouts in 300 s (a process of it hung or ended)`);
    await sleep(200);
  }
  signalAll([...bare.workload.processes.keys()], 'SIGSTOP');
  await waitStopped([...bare.workload.processes.keys()]);

  // The bare exchange pair the throughput figure is measured against (a GET), warmed up before the first slice (its
  // client pauses between slices).
  const exchange = await startBareExchange(concurrency);
  cleanups.unshift(exchange.stop);
  exchange.run();
  await sleep(2000);
  let exchangesSoFar = await exchange.pause();

  const slices = new Map<string, Slice[]>([
    [ours.label, []],
    [bare.workload.label, []],
  ]);
  const bareExchangeUs: number[] = [];
  const bareServerUs: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const ceiling = await ceilingSlice(exchange, sliceMs / 2, exchangesSoFar);
    exchangesSoFar += ceiling.exchanges;
    bareExchangeUs.push(((ceiling.clientCpuMs + ceiling.serverCpuMs) * 1000) / ceiling.exchanges);
    bareServerUs.push((ceiling.serverCpuMs * 1000) / ceiling.exchanges);
    for (const workload of [ours, bare.workload]) {
      const slice = await runSlice(workload, sliceMs);
      slices.get(workload.label)!.push(slice);
      const perProcess = [...slice.cpuMsByName].map(([name, ms]) => `${name} ${((ms * 1000) / slice.rollouts).toFixed(0)}`).join(', ');
      process.stdout.write(`round ${round} ${workload.label.padEnd(13)} ${((slice.rollouts * 1000) / slice.ms).toFixed(0).padStart(5)} rollouts/s  µs per rollout: ${perProcess}\n`);
    }
  }

  // Medians over the slices, per process and in all; the throughput figure as `npm run bench` computes it.
  const bareExchange = median(bareExchangeUs);
  const bareServer = median(bareServerUs);
  process.stdout.write(`\nbare exchange: ${bareExchange.toFixed(1)} µs per exchange (client + server), median of ${rounds} slices\n`);
  const perRollout = (label: string, name?: string) =>
    median(slices.get(label)!.map((slice) => ([...slice.cpuMsByName].filter(([process]) => (name === undefined ? process !== 'upstream' : process === name)).reduce((sum, [, ms]) => sum + ms, 0) * 1000) / slice.rollouts));
  const names = ['collector', 'agent', 'model', 'resources'];
  process.stdout.write(`${'µs per rollout (median)'.padEnd(28)} ${'ours'.padStart(8)} ${'bare topology'.padStart(14)} ${'ours / bare'.padStart(12)}\n`);
  for (const name of [...names, undefined]) {
    const [mine, theirs] = [perRollout(ours.label, name), perRollout(bare.workload.label, name)];
    process.stdout.write(`${(name ?? 'all but the upstream').padEnd(28)} ${mine.toFixed(0).padStart(8)} ${theirs.toFixed(0).padStart(14)} ${(mine / theirs).toFixed(2).padStart(12)}\n`);
  }
  const failed = new LineCounter(collection.failuresPath).count();
  if (failed > 0) process.stdout.write(`note: ${failed} of our rollouts failed (see ${collection.failuresPath}); CPU is per rollout that succeeded\n`);
  const figure = (label: string) => (bareExchange * WEATHER_EXCHANGES_PER_ROLLOUT) / (perRollout(label) + UPSTREAM_CALLS * bareServer);
  process.stdout.write(`throughput figure (bare exchange CPU / CPU per exchange, target >= 0.5): ours ${figure(ours.label).toFixed(2)}, bare topology ${figure(bare.workload.label).toFixed(2)}\n`);
} finally {
  signalAll([...frozen], 'SIGCONT');
  for (const cleanup of cleanups) await cleanup().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
}
