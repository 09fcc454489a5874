// A server's CPU per call against how many calls it finds waiting each time it wakes. The ceiling's bare pair, at 64
// calls in flight, finds 20-35 per wake-up; in a collection each of our processes finds a few, since a rollout's
// calls pass through five processes in turn. Few calls in flight (and two bare pairs running beside, so that other
// processes use the cores between wake-ups) reproduce that for one server alone, bare or ours.
import { setTimeout as sleep } from 'node:timers/promises';
import { alternateSlices, type SliceSizes } from './alternating-slices.ts';
import { startBareExchange, startExchangePair, type BareExchange } from './bare-exchange.ts';
import { contextSwitches, threadCpuNs } from './process-cpu.ts';
import { median } from './stats.ts';

export interface WakeUpRow {
  concurrency: number;
  /** Two bare pairs (32 in flight each) ran during the slices. */
  crowded: boolean;
  /** The server's CPU per call, µs. */
  serverUsPerCall: number;
  /** Calls the server answered per context switch of its main thread. */
  callsPerSwitch: number;
}

/** `server` / `client` fixtures as for startExchangePair, one pair per concurrency, in alternating slices. */
export async function measureWakeUps(server: string, client: string, clientArgs: readonly string[], concurrencies: readonly number[], sizes: SliceSizes): Promise<WakeUpRow[]> {
  const started: BareExchange[] = [];
  try {
    const crowd = [await startBareExchange(32), await startBareExchange(32)];
    started.push(...crowd);
    const settings: Setting[] = [];
    for (const concurrency of concurrencies) {
      const pair = await startExchangePair(server, client, concurrency, clientArgs, `calls of ${server}`);
      started.push(pair);
      const counted = { completed: 0 };
      settings.push({ concurrency, crowded: false, pair, counted, crowd: [] }, { concurrency, crowded: true, pair, counted, crowd });
    }
    // Each figure is the median of its setting's slices.
    const samples = await alternateSlices(settings, sizes, slice);
    return settings.map((setting, i) => ({
      concurrency: setting.concurrency,
      crowded: setting.crowded,
      serverUsPerCall: median(samples[i]!.map((sample) => sample.us)),
      callsPerSwitch: median(samples[i]!.map((sample) => sample.perSwitch)),
    }));
  } finally {
    await Promise.all(started.map((pair) => pair.stop()));
  }
}

interface Setting {
  concurrency: number;
  crowded: boolean;
  pair: BareExchange;
  /** Calls the pair had completed at its last pause (it counts from its start). */
  counted: { completed: number };
  crowd: BareExchange[];
}

async function slice(setting: Setting, ms: number): Promise<{ us: number; perSwitch: number }> {
  const { pair, crowd, counted } = setting;
  const cpuBefore = threadCpuNs(pair.serverPid);
  const switchesBefore = contextSwitches(pair.serverPid);
  pair.run();
  for (const other of crowd) other.run();
  await sleep(ms);
  const [completed] = await Promise.all([pair.pause(), ...crowd.map((other) => other.pause())]);
  const calls = completed! - counted.completed;
  counted.completed = completed!;
  return {
    us: (threadCpuNs(pair.serverPid) - cpuBefore) / 1000 / calls,
    perSwitch: calls / Math.max(1, contextSwitches(pair.serverPid) - switchesBefore),
  };
}
