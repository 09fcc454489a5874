// The weather rollout's topology with nothing of ours in it (bench/fixtures/bare-topology.ts), started for a
// measurement: what five processes passing a rollout along 8 exchanges cost on this machine, whoever writes them.
// A figure of ours is judged against it: where the bare topology itself misses a target, so does any code.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPortChild, type PortChild } from './child-process.ts';
import { LineCounter } from './sliced-comparison.ts';

const SCRIPT = join(import.meta.dirname, '..', 'fixtures', 'bare-topology.ts');

export interface BareTopology {
  agentUrl: string;
  upstreamPid: number;
  /** Process role by pid: upstream, resources, model, agent (and collector, once started). */
  processes: Map<number, string>;
  /** Start the collector: `concurrency` clients calling `/run` in a closed loop, each answer a line of `rolloutsPath`. */
  startCollector: (concurrency: number, rolloutsPath: string) => BareCollector;
  /** Ends every process it started, the collector first, each waited for. */
  stop: () => Promise<void>;
}

export interface BareCollector {
  pid: number;
  /** Its rollouts file's lines: one per rollout collected. */
  lines: LineCounter;
  /** Wait until it has written `rollouts` lines; rejects after `timeoutMs` or once it has ended. */
  waitForLines: (rollouts: number, timeoutMs: number) => Promise<void>;
}

export interface BareTopologyOptions {
  /** The upstream's time per call. */
  upstreamDelayMs?: number;
  /** Connections the model server and the agent keep to each server they call (64 when not given). */
  connections?: number;
  /** Added to every process's environment (the HTTP probe's, for instance). */
  env?: Record<string, string>;
}

export async function startBareTopology(options: BareTopologyOptions = {}): Promise<BareTopology> {
  const env = options.env ?? {};
  const children: PortChild[] = [];
  const processes = new Map<number, string>();
  const stop = async () => {
    // The collector first, so that no new rollout meets a server already gone.
    for (const child of [...children].reverse()) await child.stop();
  };
  const start = async (role: string, ...args: (number | undefined)[]) => {
    const child = await startPortChild(SCRIPT, [role, ...args.filter((arg) => arg !== undefined).map(String)], env);
    children.push(child);
    processes.set(child.child.pid!, role);
    return child;
  };
  const startCollector = (agentPort: number, concurrency: number, rolloutsPath: string): BareCollector => {
    const collector = spawn(process.execPath, [SCRIPT, 'collector', String(agentPort), String(concurrency), rolloutsPath], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
    const exited = once(collector, 'exit');
    const ended = () => collector.exitCode !== null || collector.signalCode !== null;
    children.push({
      child: collector,
      port: 0,
      stop: async () => {
        if (ended()) return;
        // SIGTERM: its probe, if any, writes its report on the way out.
        collector.kill('SIGTERM');
        const timer = setTimeout(() => collector.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      },
    });
    processes.set(collector.pid!, 'collector');
    const lines = new LineCounter(rolloutsPath);
    const waitForLines = async (rollouts: number, timeoutMs: number) => {
      const deadline = performance.now() + timeoutMs;
      while (lines.count() < rollouts) {
        if (ended()) throw new Error(`the bare topology's collector ended after ${lines.count()} of ${rollouts} rollouts`);
        if (performance.now() > deadline) throw new Error(`the bare topology collected ${lines.count()} of ${rollouts} rollouts in ${Math.round(timeoutMs / 1000)} s (a process of it hung or ended)`);
        await sleep(100);
      }
    };
    return { pid: collector.pid!, lines, waitForLines };
  };
  try {
    const upstream = await start('upstream', options.upstreamDelayMs ?? 0);
    const resources = await start('resources');
    const model = await start('model', upstream.port, options.connections);
    const agent = await start('agent', resources.port, model.port, options.connections);
    return {
      agentUrl: `http://127.0.0.1:${agent.port}`,
      upstreamPid: upstream.child.pid!,
      processes,
      startCollector: (concurrency, rolloutsPath) => startCollector(agent.port, concurrency, rolloutsPath),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
