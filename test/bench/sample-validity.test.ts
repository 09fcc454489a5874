import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable, invalidFigures, verdictOf, type MeasurementResult } from '../../bench/lib/report.ts';
import { judgeSeries } from '../../bench/lib/sample-validity.ts';

const rules = { minSamples: 4, neighbourTolerance: 0.25, max: 1 };

test('a steady series is valid and its figure is the median', () => {
  const judged = judgeSeries([0.41, 0.44, 0.4, 0.43, 0.42], rules);
  assert.equal(judged.invalid, undefined);
  assert.equal(judged.median, 0.42);
  assert.deepEqual(judged.invalidSamples, {});
});

test('one ratio above 1 makes the series invalid: a bare exchange cannot cost more than ours', () => {
  const judged = judgeSeries([0.4, 0.42, 1.3, 0.41, 0.43], rules);
  assert.match(judged.invalid!, /sample 3: 1\.3 is above 1: impossible/);
});

test('a sample far off its neighbours is reported; more than a quarter of them invalidate the series', () => {
  const oneOff = judgeSeries([0.4, 0.42, 0.7, 0.41, 0.43, 0.42, 0.4, 0.41], rules);
  assert.equal(oneOff.invalid, undefined);
  assert.match(oneOff.invalidSamples[3]!, /0\.7 is 69% off its neighbours \(0\.42, 0\.41\)/);
  const jumpy = judgeSeries([0.2, 0.5, 0.2, 0.5, 0.2, 0.5], rules);
  assert.match(jumpy.invalid!, /6 of 6 samples disagree with their neighbours by more than 25% \(at most 1 may\)/);
});

test('too few samples is invalid, whatever they say', () => {
  assert.match(judgeSeries([0.6, 0.61], rules).invalid!, /2 sample\(s\), fewer than 4/);
});

test('an invalid figure is neither ok nor missed, and only one with a target fails the run', () => {
  const result: MeasurementResult = {
    name: 'throughput',
    title: '2. throughput',
    elapsedMs: 1,
    details: {},
    figures: [
      { key: 'throughput.c64.cpu_ratio_to_ceiling', label: 'cpu ratio', value: 0.7, unit: '', target: { op: '>=', value: 0.5 }, invalid: 'sample 2: 1.2 is above 1' },
      { key: 'throughput.c64.ratio_to_ceiling', label: 'rate ratio', value: 1.1, unit: '', invalid: 'sample 1: 1.1 is above 1' },
    ],
  };
  assert.deepEqual(result.figures.map(verdictOf), ['INVALID', 'INVALID']);
  assert.deepEqual(invalidFigures([result]), ['throughput.c64.cpu_ratio_to_ceiling: sample 2: 1.2 is above 1']);
  assert.match(formatTable([result]), /cpu ratio\s+0\.7\s+>= 0\.5\s+INVALID\n\s+invalid: sample 2: 1\.2 is above 1/);
});
