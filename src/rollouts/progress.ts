// Live progress: a tqdm-shaped bar with the mean reward per agent and failures by class on a terminal,
// a plain line every few seconds in logs and CI. Neither touches the process's signals.
import { createStatusBlock } from './status-block.ts';
import { formatInterval, formatMeter } from './tqdm-meter.ts';

export const PROGRESS_DESCRIPTION = 'Collecting rollouts';

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

  /** Rollouts finished, resumed ones included. */
  get done(): number {
    return this.cached + this.succeeded + this.failed;
  }

  get elapsedS(): number {
    return (performance.now() - this.#startedAt) / 1000;
  }

  /** Rollouts per second finished by this process; undefined before the first. */
  get rate(): number | undefined {
    const finished = this.succeeded + this.failed;
    return finished > 0 && this.elapsedS > 0 ? finished / this.elapsedS : undefined;
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

  /** `agent_a 0.520`, one per agent that has a numeric reward so far. */
  meanRewards(): string[] {
    return [...this.#rewards].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([agent, t]) => `${agent} ${(t.sum / t.count).toFixed(3)}`);
  }

  /** `timeout 3`, one per failure class. */
  failures(): string[] {
    return [...this.failedByClass].map(([failureClass, count]) => `${failureClass} ${count}`);
  }

  /** The plain line for logs: "120/2000 done (6%, 3 failed: timeout 3) | 35.2 rollouts/s | ETA 00:53 | mean reward agent_a 0.520". */
  line(): string {
    const percent = this.total > 0 ? Math.floor((100 * this.done) / this.total) : 100;
    const failures = this.failed === 0 ? '' : `, ${this.failed} failed: ${this.failures().join(', ')}`;
    const rate = this.rate;
    const eta = rate ? formatInterval((this.total - this.done) / rate) : '?';
    const rewards = this.meanRewards();
    return `${this.done}/${this.total} done (${percent}%${failures}) | ${(rate ?? 0).toFixed(1)} rollouts/s | elapsed ${formatInterval(this.elapsedS)}, ETA ${eta}${rewards.length > 0 ? ` | mean reward ${rewards.join(', ')}` : ''}`;
  }
}

export interface ProgressDisplay {
  stop(): Promise<void>;
}

export interface ProgressOptions {
  /** Where progress goes (stderr, as tqdm). */
  stream: NodeJS.WritableStream;
  /** A terminal (and not CI): draw the bar in place; else print the plain line every `plainEveryMs`. */
  interactive: boolean;
  /** Other streams on the same terminal (stdout): their lines are printed above the bar. */
  alsoOnScreen?: readonly NodeJS.WritableStream[];
  plainEveryMs?: number;
}

/** Show progress until stopped. */
export function startProgress(tracker: ProgressTracker, options: ProgressOptions): ProgressDisplay {
  const { stream } = options;
  if (options.interactive) {
    const block = createStatusBlock(stream, options.alsoOnScreen);
    const width = (): number => (stream as { columns?: number }).columns ?? 80;
    block.draw(barLines(tracker, width()));
    // tqdm's default refresh interval.
    const timer = setInterval(() => block.draw(barLines(tracker, width())), 100);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        block.close(barLines(tracker, width()));
      },
    };
  }
  const timer = setInterval(() => stream.write(`[collect] ${tracker.line()}\n`), options.plainEveryMs ?? 5000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      stream.write(`[collect] ${tracker.line()}\n`);
    },
  };
}

const BAR_WIDTH = 24;

/** The bar, then the mean reward per agent and failures by class: beside it when they fit, else below. */
export function barLines(tracker: ProgressTracker, columns: number): string[] {
  const meter = formatMeter({ description: PROGRESS_DESCRIPTION, done: tracker.done, total: tracker.total, elapsedS: tracker.elapsedS, rate: tracker.rate, barWidth: BAR_WIDTH });
  const facts: Array<[string, string[]]> = [];
  if (tracker.meanRewards().length > 0) facts.push(['mean reward: ', tracker.meanRewards()]);
  if (tracker.failed > 0) facts.push(['failed: ', tracker.failures()]);
  const beside = [meter, ...facts.map(([label, items]) => label + items.join(' · '))].join(' | ');
  if (beside.length < columns) return [beside];
  return [meter, ...facts.flatMap(([label, items]) => wrapItems(`  ${label}`, items, columns - 1))];
}

/** `label a · b · c` over as many lines as it takes to fit `width`, continuation lines indented under `a`. */
function wrapItems(label: string, items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line !== '' && label.length + line.length + 3 + item.length > width) {
      lines.push(line);
      line = item;
    } else line = line === '' ? item : `${line} · ${item}`;
  }
  lines.push(line);
  return lines.map((text, i) => (i === 0 ? label : ' '.repeat(label.length)) + text);
}
