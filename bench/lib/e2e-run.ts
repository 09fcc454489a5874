// One `ng_e2e_collect_rollouts` run as a user types it, on the example split repeated to the size
// wanted, with the HTTP probe in every process: what it cost, and what it wrote.
import getPort from 'get-port';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntilGone } from '../../test/helpers/processes.ts';
import type { ProbeReport } from '../probe/probe-report.ts';
import { startCli, type CliProcess } from './cli-process.ts';
import { sampleProcesses, type ProcessPeak } from './process-sampler.ts';

export interface E2eRunOptions {
  configPaths: readonly string[];
  /** Rollouts wanted: the example split's rows are repeated (`+num_repeats`) to reach it. */
  rollouts: number;
  exampleRows: number;
  concurrency: number;
  overrides?: readonly string[];
  /** The probe's environment (see createProbeRun). */
  env: Record<string, string>;
  /** The run is killed (and counts as stalled) after this long. */
  timeoutMs: number;
}

export interface E2eRun {
  exitCode: number | null;
  timedOut: boolean;
  wallMs: number;
  /** Lines in the rollouts file and in the failures file. */
  rolloutLines: number;
  failureLines: number;
  firstFailure: string | undefined;
  collectorPid: number;
  peaks: ProcessPeak[];
  outputTail: string;
  command: string;
}

/**
 * How many non-blank lines the file has, and the first: never the whole file at once (a run of 1,000,000
 * rollouts writes gigabytes, more than one string can hold).
 */
function readLines(path: string): { length: number; 0?: string } {
  const lines: { length: number; 0?: string } = { length: 0 };
  if (!existsSync(path)) return lines;
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    let first: Buffer[] = [];
    let blank = true;
    const endLine = (): void => {
      if (!blank) {
        if (lines.length === 0) lines[0] = Buffer.concat(first).toString('utf8');
        lines.length++;
      } else first = [];
      blank = true;
    };
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      for (let start = 0; start < read; ) {
        const found = chunk.indexOf(0x0a, start);
        const end = found < 0 || found >= read ? read : found;
        if (lines.length === 0) first.push(Buffer.from(chunk.subarray(start, end)));
        for (let i = start; blank && i < end; i++) blank = chunk[i] === 0x20 || chunk[i] === 0x09 || chunk[i] === 0x0d;
        start = end + 1;
        if (end < read) endLine();
      }
    }
    endLine();
  } finally {
    closeSync(fd);
  }
  return lines;
}

export interface E2eCollection {
  cli: CliProcess;
  /** The rollouts file and the failures file the command appends to, one line per rollout. */
  rolloutsPath: string;
  failuresPath: string;
  /** Resolves once the command has ended and every process it started is gone (then its files are removed). */
  finished: Promise<E2eRun>;
}

/** Start the command; `finished` says how it ended (the run is killed after `timeoutMs`). */
export async function startE2eCollection(options: E2eRunOptions): Promise<E2eCollection> {
  const outputDir = mkdtempSync(join(tmpdir(), 'rg-bench-e2e-'));
  const repeats = Math.ceil(options.rollouts / options.exampleRows);
  const headPort = await getPort({ host: '127.0.0.1' });
  const rolloutsPath = join(outputDir, 'rollouts.jsonl');
  const failuresPath = join(outputDir, 'rollouts_failures.jsonl');
  const args = [
    `+config_paths=[${options.configPaths.join(',')}]`,
    '+split=example',
    `+output_jsonl_fpath=${rolloutsPath}`,
    `+num_repeats=${repeats}`,
    `+num_samples_in_parallel=${options.concurrency}`,
    `+head_server.port=${headPort}`,
    ...(options.overrides ?? []),
  ];
  const cli = startCli('ng_e2e_collect_rollouts', args, options.env);
  const finish = async (): Promise<E2eRun> => {
    try {
      const sampler = sampleProcesses(cli.processTree);
      const timer = setTimeout(() => void cli.kill(), options.timeoutMs);
      const exit = await cli.exited;
      clearTimeout(timer);
      const peaks = sampler.stop();
      const timedOut = exit.at - cli.startedAt >= options.timeoutMs;
      const left = await waitUntilGone(cli.processTree(), 10_000);
      if (left.length > 0) throw new Error(`ng_e2e_collect_rollouts left processes ${left.join(', ')} running after it ended`);
      const failures = readLines(failuresPath);
      return {
        exitCode: exit.code,
        timedOut,
        wallMs: exit.at - cli.startedAt,
        rolloutLines: readLines(rolloutsPath).length,
        failureLines: failures.length,
        firstFailure: failures[0]?.slice(0, 500),
        collectorPid: cli.pid,
        peaks,
        outputTail: cli.outputTail(),
        command: `ng_e2e_collect_rollouts ${args.map((arg) => (arg.includes('[') ? `"${arg}"` : arg)).join(' ')}`,
      };
    } finally {
      rmSync(outputDir, { recursive: true, force: true });
    }
  };
  return { cli, rolloutsPath, failuresPath, finished: finish() };
}

/** Run the command to its end (or the timeout) and wait until every process it started is gone. */
export async function runE2eCollection(options: E2eRunOptions): Promise<E2eRun> {
  return (await startE2eCollection(options)).finished;
}

/** A one-line reason a run failed, for the table; the full command and output tail go to the log. */
export function failureOf(run: E2eRun, log: (line: string) => void): Error {
  log(`failed: ${run.command}\n${run.outputTail}`);
  const lastError = run.outputTail.split('\n').findLast((line) => /error/i.test(line)) ?? run.outputTail.split('\n').at(-1) ?? '';
  return new Error(`ng_e2e_collect_rollouts ${run.timedOut ? 'timed out' : `exited ${run.exitCode}`}: ${lastError.trim()}`);
}

/** The collector's own report (the process we spawned), which holds its peak RSS. */
export function collectorReport(reports: readonly ProbeReport[], collectorPid: number): ProbeReport | undefined {
  return reports.find((report) => report.pid === collectorPid);
}
