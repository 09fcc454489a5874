// `npm run bench [-- --quick] [-- --only=ceiling,throughput]`: measure our overhead against what the
// machine can do, print every figure beside its target, write bench/results/<date>.json, and exit
// non-zero when a target is missed (in --quick mode, which only shows the benchmark still runs: when a
// measurement could not run).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeEnvironment } from './lib/environment.ts';
import type { BenchContext, Measurement } from './lib/measurement.ts';
import { formatTable, invalidFigures, missedTargets, type MeasurementResult } from './lib/report.ts';
import { ceiling } from './measurements/ceiling.ts';
import { latency } from './measurements/latency.ts';
import { memory } from './measurements/memory.ts';
import { scale } from './measurements/scale.ts';
import { startupTeardown } from './measurements/startup-teardown.ts';
import { throughput } from './measurements/throughput.ts';

const MEASUREMENTS: Measurement[] = [ceiling, throughput, latency, scale, memory, startupTeardown];

const usage = `usage: npm run bench -- [--quick] [--only=<${MEASUREMENTS.map((m) => m.name).join(',')}>] [--out=<file.json>] [--cpu-prof]
  --quick     every measurement, small (about three minutes); fails when a measurement cannot run or cannot be trusted, never on a target
  --cpu-prof  every process of every run writes a V8 CPU profile under bench/results/profiles/<time>/;
              summarise one with \`node bench/profile-summary.ts <file.cpuprofile>\``;

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: { quick: { type: 'boolean', default: false }, 'cpu-prof': { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    return values;
  } catch (error) {
    process.stderr.write(`error [RG_USAGE] ${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
}

function selectMeasurements(only: string | undefined): Measurement[] {
  if (only === undefined) return MEASUREMENTS;
  const names = only.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !MEASUREMENTS.some((m) => m.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`error [RG_USAGE] unknown measurement ${unknown.join(', ')}\n${usage}\n`);
    process.exit(2);
  }
  return MEASUREMENTS.filter((m) => names.includes(m.name));
}

/** bench/results/<date>.json, or <date>-2.json, -3... when the day already has one (a committed run is never overwritten). */
function freshResultsPath(date: string, quick: boolean): string {
  const base = join(import.meta.dirname, 'results', `${date}${quick ? '-quick' : ''}`);
  if (quick || !existsSync(`${base}.json`)) return `${base}.json`;
  let sequence = 2;
  while (existsSync(`${base}-${sequence}.json`)) sequence += 1;
  return `${base}-${sequence}.json`;
}

async function runOne(measurement: Measurement, context: BenchContext): Promise<MeasurementResult> {
  const start = performance.now();
  context.log(`--- ${measurement.title}`);
  try {
    const outcome = await measurement.run(context);
    return { name: measurement.name, title: measurement.title, ...outcome, elapsedMs: performance.now() - start };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.log(`${measurement.name} failed: ${message}`);
    return { name: measurement.name, title: measurement.title, figures: [], details: {}, error: message, elapsedMs: performance.now() - start };
  }
}

const options = parseOptions();
if (options.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const quick = options.quick ?? false;
if (options['cpu-prof']) {
  process.env.RG_BENCH_CPU_PROF_DIR = join(import.meta.dirname, 'results', 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  process.stderr.write(`[bench] CPU profiles go to ${process.env.RG_BENCH_CPU_PROF_DIR}\n`);
}
const context: BenchContext = { quick, log: (line) => process.stderr.write(`[bench] ${line}\n`) };
const startedAt = new Date();
const environment = describeEnvironment();
const results: MeasurementResult[] = [];
for (const measurement of selectMeasurements(options.only)) results.push(await runOne(measurement, context));

const missed = missedTargets(results);
process.stdout.write(`\n${formatTable(results)}\n\n`);
const date = startedAt.toISOString().slice(0, 10);
const outPath = options.out ?? freshResultsPath(date, quick);
mkdirSync(join(outPath, '..'), { recursive: true });
writeFileSync(outPath, `${JSON.stringify({ startedAt: startedAt.toISOString(), quick, command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`, environment, results }, null, 2)}\n`);
process.stdout.write(`results: ${outPath}\n`);
const broken = results.filter((result) => result.error !== undefined);
const invalid = invalidFigures(results);
if (missed.length === 0 && invalid.length === 0) process.stdout.write('every target met\n');
if (missed.length > 0) process.stdout.write(`${missed.length} target(s) missed${quick ? ' (--quick: sizes too small to judge targets)' : ''}:\n${missed.map((m) => `  - ${m}`).join('\n')}\n`);
if (invalid.length > 0) process.stdout.write(`${invalid.length} invalid measurement(s) (neither a pass nor a miss: measure again):\n${invalid.map((m) => `  - ${m}`).join('\n')}\n`);
// Full runs fail on any missed target or invalid measurement; --quick (CI) fails when a measurement could
// not run or cannot be trusted, never on a target (its sizes are too small to judge one).
if (quick ? broken.length > 0 || invalid.length > 0 : missed.length > 0 || invalid.length > 0) process.exitCode = 1;
