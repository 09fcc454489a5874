// What waking costs a server: one call at a time, the client waiting `gap` between an answer and its next call (a
// busy wait, so only the server sleeps), and the CPU of the server's main thread per call read from /proc. With no
// gap the server finds its code and data where the last call left them; after a pause in which other processes ran
// (or none did), the same call costs it several times as much. At 64 rollouts in flight with a 200 ms upstream (the
// latency figure) each of a rollout's 16 wake-ups finds its process after such a pause, whoever wrote the server: the
// bare node:http server (bench/fixtures/bare-http-server.ts, a GET) beside the weather resources server as the kit
// serves it (bench/fixtures/kit-weather-server.ts, /get_weather).
//
// Usage: node bench/wake-cost.ts [--calls=1000] [--gaps=0,0.3,2,20]   (gaps in ms)
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { startPortChild } from './lib/child-process.ts';
import { mainThreadCpuNs } from './lib/process-cpu.ts';
import { median } from './lib/stats.ts';
import { weatherRollout } from './lib/weather-bodies.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '1000' }, gaps: { type: 'string', default: '0,0.3,2,20' } } });
const calls = Number(values.calls);
const gaps = values.gaps.split(',').map(Number);
if (!Number.isInteger(calls) || calls <= 0 || gaps.some((gap) => !(gap >= 0))) {
  process.stderr.write('usage: node bench/wake-cost.ts [--calls=1000] [--gaps=0,0.3,2,20] (a whole number of calls; gaps in ms, >= 0)\n');
  process.exit(2);
}
const WARMUP_CALLS = 10_000;


interface Server {
  label: string;
  fixture: string;
  request: { method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> };
}

const servers: Server[] = [
  { label: 'bare node:http server, GET', fixture: 'bare-http-server.ts', request: { method: 'GET', path: '/' } },
  {
    label: 'weather resources server (kit), /get_weather',
    fixture: 'kit-weather-server.ts',
    request: {
      method: 'POST',
      path: '/get_weather',
      body: JSON.stringify(weatherRollout().toolArguments),
      headers: { 'content-type': 'application/json', cookie: 'SimpleWeatherResourcesServer___example_simple_weather=bench-session' },
    },
  },
];

const spin = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

console.log(`one call at a time, ${calls} calls per gap after ${WARMUP_CALLS} without one; the server's main-thread CPU from /proc`);
console.log(`${'server'.padEnd(46)} ${'gap'.padStart(7)} ${'server CPU per call'.padStart(20)} ${'round trip (median)'.padStart(20)}`);
for (const server of servers) {
  const child = await startPortChild(join(import.meta.dirname, 'fixtures', server.fixture));
  const pool = new Pool(`http://127.0.0.1:${child.port}`, { connections: 1, pipelining: 1 });
  const call = async () => {
    const response = await pool.request(server.request);
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`${server.label} answered ${response.statusCode}`);
  };
  try {
    for (let i = 0; i < WARMUP_CALLS; i++) await call();
    for (const gap of gaps) {
      const roundTrips: number[] = [];
      const before = mainThreadCpuNs(child.child.pid!);
      for (let i = 0; i < calls; i++) {
        spin(gap);
        const start = performance.now();
        await call();
        roundTrips.push(performance.now() - start);
      }
      const cpuUs = (mainThreadCpuNs(child.child.pid!) - before) / 1000 / calls;
      console.log(`${server.label.padEnd(46)} ${`${gap} ms`.padStart(7)} ${`${cpuUs.toFixed(1)} µs`.padStart(20)} ${`${median(roundTrips).toFixed(3)} ms`.padStart(20)}`);
    }
  } finally {
    await pool.close();
    await child.stop();
  }
}
