// pass@k and mean@k over the repeats of each task: unbiased combinatorial pass@k for binary rewards.

/** Unbiased estimate of P(at least one of k draws without replacement is correct) = 1 - C(n-c,k)/C(n,k). */
export function passAtK(n: number, c: number, k: number): number {
  if (k > n) throw new RangeError(`pass@k needs k <= n (k=${k}, n=${n})`);
  if (n - c < k) return 1;
  let allWrong = 1;
  for (let i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}

/** The k values reported for tasks with up to `maxRepeats` rollouts: powers of two, plus maxRepeats itself. */
export function reportedKs(maxRepeats: number): number[] {
  if (maxRepeats < 2) return [];
  const ks: number[] = [];
  for (let k = 1; k <= maxRepeats; k *= 2) ks.push(k);
  if (ks.at(-1) !== maxRepeats) ks.push(maxRepeats);
  return ks;
}

/** Rewards of one task's rollouts, in rollout-index order. */
export type TaskRewards = ArrayLike<number>;

/**
 * `pass@{k}/reward` (percent) and `mean@{k}/reward` (reward scale) averaged over the tasks that have at
 * least k rollouts. Binary rewards use the combinatorial estimator; other rewards use max of the first k.
 */
export function passAndMeanAtK(tasks: readonly TaskRewards[]): Record<string, number> {
  let maxRepeats = 0;
  let binary = true;
  for (const rewards of tasks) {
    maxRepeats = Math.max(maxRepeats, rewards.length);
    for (let i = 0; i < rewards.length; i++) if (rewards[i] !== 0 && rewards[i] !== 1) binary = false;
  }
  const ks = reportedKs(maxRepeats);
  const passes: Record<string, number> = {};
  const means: Record<string, number> = {};
  for (const k of ks) {
    let passSum = 0;
    let meanSum = 0;
    let counted = 0;
    for (const rewards of tasks) {
      if (rewards.length < k) continue;
      counted++;
      let firstKSum = 0;
      let firstKMax = -Infinity;
      for (let i = 0; i < k; i++) {
        firstKSum += rewards[i]!;
        firstKMax = Math.max(firstKMax, rewards[i]!);
      }
      meanSum += firstKSum / k;
      passSum += binary ? passAtK(rewards.length, sumOf(rewards), k) : firstKMax;
    }
    if (counted === 0) continue;
    passes[`pass@${k}/reward`] = (100 * passSum) / counted;
    means[`mean@${k}/reward`] = meanSum / counted;
  }
  return { ...passes, ...means };
}

function sumOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

/** What one k adds up over the tasks that have at least k rollouts, in task order. */
class KSums {
  counted = 0;
  meanSum = 0;
  /** Both estimators: whether the rewards are binary is known only after the last task. */
  binaryPassSum = 0;
  maxPassSum = 0;

  addTask(n: number, total: number, firstKSum: number, firstKMax: number, k: number): void {
    this.counted++;
    this.meanSum += firstKSum / k;
    this.binaryPassSum += passAtK(n, total, k);
    this.maxPassSum += firstKMax;
  }
}

/**
 * `passAndMeanAtK` over rewards given one at a time in (task, rollout) order, with memory independent of the
 * number of rollouts and tasks: the same additions in the same order. The k values are powers of two (known in
 * advance) plus the largest number of rollouts of a task, which is summed over the tasks that have that many.
 */
export class PassAtKStream {
  /** Index j: k = 2^j. */
  readonly #powers: KSums[] = [];
  /** k = the largest task size so far (tasks of a smaller size do not count for it). */
  #largest = new KSums();
  #maxRepeats = 0;
  #binary = true;
  // The task being read.
  #task: number | undefined;
  #n = 0;
  #sum = 0;
  #max = -Infinity;
  #missing = false;
  #taskBinary = true;
  readonly #prefixSums: number[] = [];
  readonly #prefixMaxes: number[] = [];

  /** One rollout's reward (NaN: the rollout has none, and its task cannot count). */
  add(task: number, reward: number): void {
    if (this.#task !== undefined && task !== this.#task) this.#endTask();
    this.#task = task;
    if (Number.isNaN(reward)) this.#missing = true;
    if (reward !== 0 && reward !== 1) this.#taskBinary = false;
    this.#sum += reward;
    this.#max = Math.max(this.#max, reward);
    this.#n++;
    // n is a power of two: the first-k sums for k = n.
    if ((this.#n & (this.#n - 1)) === 0) {
      this.#prefixSums.push(this.#sum);
      this.#prefixMaxes.push(this.#max);
    }
  }

  #endTask(): void {
    const n = this.#n;
    if (!this.#missing) {
      this.#binary &&= this.#taskBinary;
      for (let j = 0; j < this.#prefixSums.length; j++) {
        this.#powers[j] ??= new KSums();
        this.#powers[j]!.addTask(n, this.#sum, this.#prefixSums[j]!, this.#prefixMaxes[j]!, 2 ** j);
      }
      if (n > this.#maxRepeats) {
        this.#maxRepeats = n;
        this.#largest = new KSums();
      }
      if (n === this.#maxRepeats) this.#largest.addTask(n, this.#sum, this.#sum, this.#max, n);
    }
    this.#task = undefined;
    this.#n = 0;
    this.#sum = 0;
    this.#max = -Infinity;
    this.#missing = false;
    this.#taskBinary = true;
    this.#prefixSums.length = 0;
    this.#prefixMaxes.length = 0;
  }

  /** The same entries as `passAndMeanAtK` over the tasks added. */
  finish(): Record<string, number> {
    if (this.#task !== undefined) this.#endTask();
    const passes: Record<string, number> = {};
    const means: Record<string, number> = {};
    for (const k of reportedKs(this.#maxRepeats)) {
      const sums = (k & (k - 1)) === 0 ? this.#powers[Math.log2(k)]! : this.#largest;
      if (sums.counted === 0) continue;
      passes[`pass@${k}/reward`] = (100 * (this.#binary ? sums.binaryPassSum : sums.maxPassSum)) / sums.counted;
      means[`mean@${k}/reward`] = sums.meanSum / sums.counted;
    }
    return { ...passes, ...means };
  }
}
