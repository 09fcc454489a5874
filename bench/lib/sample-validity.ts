// When a series of samples of one ratio can be trusted: enough of them, none above the plausible maximum
// (a bare exchange cannot cost more than ours), and few that disagree with their neighbours (a slice that
// a burst of other load distorted). Each such sample is reported as invalid; a series with too many of
// them is an invalid measurement, reported as such, never as a pass or a miss.
import { median, round } from './stats.ts';

export interface SeriesJudgement {
  /** The median of every sample (robust to the few outliers a valid series may hold). */
  median: number;
  /** Why each invalid sample is (1-based sample number -> reason). */
  invalidSamples: Record<number, string>;
  /** Why the series cannot be trusted; undefined when it can. */
  invalid?: string;
}

export interface ValidityRules {
  minSamples: number;
  /** Largest relative difference between a sample and the mean of its neighbours. */
  neighbourTolerance: number;
  /** Largest plausible value (1 for "bare / ours"): one sample above it invalidates the series. */
  max: number;
  /** Largest share of samples that may disagree with their neighbours (default 1/4). */
  maxOutlierShare?: number;
}

export function judgeSeries(samples: readonly number[], rules: ValidityRules): SeriesJudgement {
  const middle = median(samples);
  const invalidSamples: Record<number, string> = {};
  let impossible: string | undefined;
  for (let k = 0; k < samples.length; k += 1) {
    const sample = samples[k]!;
    if (!Number.isFinite(sample)) {
      invalidSamples[k + 1] = 'not a number (nothing counted in a slice)';
      continue;
    }
    if (sample > rules.max) {
      invalidSamples[k + 1] = `${round(sample, 3)} is above ${rules.max}: impossible, so the slices did not see the same machine`;
      impossible ??= `sample ${k + 1}: ${invalidSamples[k + 1]}`;
      continue;
    }
    const neighbours = [samples[k - 1], samples[k + 1]].filter((value): value is number => value !== undefined && Number.isFinite(value));
    if (neighbours.length === 0) continue;
    const reference = neighbours.reduce((sum, value) => sum + value, 0) / neighbours.length;
    const off = Math.abs(sample / reference - 1);
    if (off > rules.neighbourTolerance) invalidSamples[k + 1] = `${round(sample, 3)} is ${round(off * 100, 0)}% off its neighbours (${neighbours.map((n) => round(n, 3)).join(', ')})`;
  }
  const outliers = Object.keys(invalidSamples).length;
  const allowed = Math.floor(samples.length * (rules.maxOutlierShare ?? 0.25));
  let invalid: string | undefined;
  if (impossible !== undefined) invalid = impossible;
  else if (samples.length < rules.minSamples) invalid = `${samples.length} sample(s), fewer than ${rules.minSamples}`;
  else if (outliers > allowed) invalid = `${outliers} of ${samples.length} samples disagree with their neighbours by more than ${rules.neighbourTolerance * 100}% (at most ${allowed} may): ${Object.entries(invalidSamples).map(([k, why]) => `#${k} ${why}`).join('; ')}`;
  return { median: middle, invalidSamples, ...(invalid !== undefined ? { invalid } : {}) };
}
