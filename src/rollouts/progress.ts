// Live progress: done/total, rate, ETA, running mean reward per agent, failures (listr2 on a TTY, plain lines otherwise).
import { Listr } from 'listr2';
import { setTimeout as sleep } from 'node:timers/promises';

export class ProgressTracker {
  readonly total: number;
  /** Rollouts already finished before this process started (resume). */
  readonly cached: number;
  succeeded = 0;
  readonly failedByClass = new Map<string, number>();
  readonly #rewards = new Map<string, { sum: number; count: number }>();
  readonly #startedAt = performance.now();

  constructor(total: number, cached: number) {
    this.total = total;
    this.cached = cached;
  }

  get failed(): number {
    let sum = 0;
    for (const count of this.failedByClass.values()) sum += count;
    return sum;
  }

  recordSuccess(agent: string, reward: unknown): void {
    this.succeeded++;
    if (typeof reward !== 'number' && typeof reward !== 'boolean') return;
    const tally = this.#rewards.get(agent) ?? { sum: 0, count: 0 };
    tally.sum += Number(reward);
    tally.count++;
    this.#rewards.set(agent, tally);
  }

  recordFailure(failureClass: string): void {
    this.failedByClass.set(failureClass, (this.failedByClass.get(failureClass) ?? 0) + 1);
  }

  /** One line: "120/2000 done (3 failed: timeout 3) | 35.2 rollouts/s | ETA 0:53 | mean reward agent_a=0.52". */
  line(): string {
    const finished = this.succeeded + this.failed;
    const elapsedS = (performance.now() - this.#startedAt) / 1000;
    const rate = elapsedS > 0 ? finished / elapsedS : 0;
    const left = this.total - this.cached - finished;
    const eta = rate > 0 ? formatDuration(left / rate) : '?';
    const failures = this.failed === 0 ? '' : ` (${this.failed} failed: ${[...this.failedByClass].map(([c, n]) => `${c} ${n}`).join(', ')})`;
    const rewards = [...this.#rewards].map(([agent, t]) => `${agent}=${(t.sum / t.count).toFixed(3)}`).join(' ');
    return `${this.cached + finished}/${this.total} done${failures} | ${rate.toFixed(1)} rollouts/s | ETA ${eta}${rewards ? ` | mean reward ${rewards}` : ''}`;
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export interface ProgressDisplay {
  stop(): Promise<void>;
}

/** Show progress until stopped: a listr2 task on an interactive terminal, else a plain line every few seconds. */
export function startProgress(tracker: ProgressTracker, stream: NodeJS.WritableStream, interactive: boolean, plainEveryMs = 5000): ProgressDisplay {
  let stopped = false;
  if (interactive) {
    const list = new Listr(
      [
        {
          title: 'Collecting rollouts',
          task: async (_ctx, task) => {
            while (!stopped) {
              task.title = `Collecting rollouts: ${tracker.line()}`;
              await sleep(250);
            }
            task.title = `Collected rollouts: ${tracker.line()}`;
          },
        },
      ],
      // Signals are src/servers/on-signal.ts's alone: listr2's own SIGINT handler would exit 127 mid-collection.
      { rendererOptions: { lazy: false }, exitOnError: false, registerSignalListeners: false },
    );
    const running = list.run().catch(() => undefined);
    return {
      stop: async () => {
        stopped = true;
        await running;
      },
    };
  }
  const timer = setInterval(() => stream.write(`[collect] ${tracker.line()}\n`), plainEveryMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      stream.write(`[collect] ${tracker.line()}\n`);
    },
  };
}
