// `node bench/profile-summary.ts <file.cpuprofile> [top] [--from=0.4 --to=0.8]`: where a V8 CPU profile
// spent its time, by function (self time) and by package or source file (inclusive time), idle excluded;
// --from/--to keep only the samples in that part of the profile's span (fractions: 0.4-0.8 leaves out
// startup and the end of a run, to see its steady state).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values: window, positionals } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } }, allowPositionals: true });
const [file, topArg] = positionals;
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.ts <file.cpuprofile> [top=25] [--from=<fraction>] [--to=<fraction>]\n');
  process.exit(2);
}
process.stdout.on('error', () => process.exit(0)); // piped into head
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const span = profile.endTime - profile.startTime;
const fromUs = profile.startTime + span * Number(window.from ?? 0);
const toUs = profile.startTime + span * Number(window.to ?? 1);
// Each sample counts as one sampling interval (the median gap), not as the gap before it: on a busy
// machine a process waits for a core for tens of ms, and the sample taken when it runs again would charge
// all that wait to whatever it was doing (a syscall, mostly). Counting samples weighs closer to CPU, not all the
// way: a process preempted as a syscall returns still takes one sample there per wait (see bench/README.md).
const sortedDeltas = [...profile.timeDeltas].sort((a, b) => a - b);
const intervalUs = sortedDeltas[Math.floor(sortedDeltas.length / 2)] ?? 1000;
const selfUs = new Map<number, number>();
let at = profile.startTime;
profile.samples.forEach((id, index) => {
  at += profile.timeDeltas[index] ?? 0;
  if (at >= fromUs && at <= toUs) selfUs.set(id, (selfUs.get(id) ?? 0) + intervalUs);
});

const where = (url: string) => {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1]!;
  return url.replace(/^file:\/\/.*?\/(src|bench|test|resources_servers|responses_api_models|responses_api_agents)\//, '$1/') || '(native)';
};
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let busyUs = 0;
for (const [id, us] of selfUs) {
  const frame = nodes.get(id)!.callFrame;
  if (frame.functionName === '(idle)') continue;
  busyUs += us;
  const name = `${frame.functionName || '(anonymous)'}  ${where(frame.url)}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
    const key = where(nodes.get(current)!.callFrame.url);
    if (!seen.has(key)) byFile.set(key, (byFile.get(key) ?? 0) + us);
    seen.add(key);
  }
}
const print = (title: string, entries: Map<string, number>) => {
  process.stdout.write(`${title}\n`);
  for (const [name, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${(us / 1000).toFixed(1).padStart(9)} ms ${((us / busyUs) * 100).toFixed(1).padStart(5)}%  ${name}\n`);
  }
};
process.stdout.write(`${file}\nbusy ${(busyUs / 1000).toFixed(0)} ms\n`);
print('\nself time by function', byFunction);
print('\ninclusive time by package or file', byFile);
