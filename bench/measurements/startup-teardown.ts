// 6. Startup and teardown of the quick-start stack under `ng_run`: command start to every server
// healthy, and Ctrl-C (SIGINT) to every process gone. Several cycles; the median is the figure.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/cli-process.ts';
import type { BenchContext, Measurement, MeasurementOutcome } from '../lib/measurement.ts';
import { startNgRun } from '../lib/ng-run-stack.ts';
import { sizesFor } from '../lib/sizes.ts';
import { median, round } from '../lib/stats.ts';
import { createProbeRun, readProbeReports } from '../probe/probe-report.ts';

const QUICKSTART = 'configs/quickstart.yaml';

export const startupTeardown: Measurement = {
  name: 'startup',
  title: '6. startup/teardown',
  async run(context: BenchContext): Promise<MeasurementOutcome> {
    if (!existsSync(join(repoRoot, QUICKSTART))) throw new Error(`${QUICKSTART} does not exist yet`);
    const cycles = sizesFor(context.quick).startupCycles;
    const ready: number[] = [];
    const gone: number[] = [];
    let servers = 0;
    let leftAlive = 0;
    const exitCodes: (number | null)[] = [];
    // CPU each process spends over its life in a start/stop cycle (it is idle between healthy and Ctrl-C):
    // where startup time goes, since seven processes starting at once share two cores.
    const cpuMsByProcess: Record<string, number[]> = {};
    for (let cycle = 0; cycle < cycles; cycle += 1) {
      const probe = createProbeRun(`startup-${cycle}`, 'count');
      try {
        const stack = await startNgRun([QUICKSTART], [], probe.env);
        servers = stack.instances.length;
        const stopped = await stack.stop();
        ready.push(stack.readyMs);
        gone.push(stopped.goneMs);
        leftAlive += stopped.leftAlive.length;
        exitCodes.push(stopped.exitCode);
        for (const report of readProbeReports(probe.directory)) {
          const name = report.pid === stack.cli.pid ? 'ng_run (orchestrator)' : (report.serverName ?? report.argv[0]?.split('/').pop() ?? `pid ${report.pid}`);
          (cpuMsByProcess[name] ??= []).push(report.cpuMs);
        }
        context.log(`cycle ${cycle + 1}/${cycles}: ${servers} servers healthy after ${round(stack.readyMs, 0)} ms, all gone ${round(stopped.goneMs, 0)} ms after SIGINT (exit ${stopped.exitCode})`);
      } finally {
        probe.dispose();
      }
    }
    const medianCpu = Object.fromEntries(Object.entries(cpuMsByProcess).map(([name, values]) => [name, round(median(values), 0)]));
    const totalCpu = Object.values(medianCpu).reduce((sum, ms) => sum + ms, 0);
    context.log(`CPU ms per process (median over cycles): ${JSON.stringify(medianCpu)}; all: ${totalCpu}`);
    return {
      figures: [
        { key: 'startup.ready_ms_median', label: `start to ${servers} servers healthy (median of ${cycles})`, value: median(ready), unit: 'ms', target: { op: '<', value: 1500 } },
        { key: 'startup.teardown_ms_median', label: `SIGINT to all processes gone (median of ${cycles})`, value: median(gone), unit: 'ms', target: { op: '<', value: 1000 } },
        { key: 'startup.cpu_ms_all_processes', label: 'CPU of every process over a start/stop cycle (median sum)', value: totalCpu, unit: 'ms' },
        { key: 'startup.processes_left', label: 'processes left after teardown (all cycles)', value: leftAlive, unit: '', target: { op: '<', value: 1 } },
      ],
      details: { config: QUICKSTART, cpuMsByProcess: medianCpu, command: `ng_run "+config_paths=[${QUICKSTART}]"`, readyMs: ready.map((v) => round(v, 1)), teardownMs: gone.map((v) => round(v, 1)), exitCodes },
    };
  },
};
