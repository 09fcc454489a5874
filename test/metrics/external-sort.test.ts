import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RecordCodec } from '../../src/metrics/byte-codec.ts';
import { ExternalSorter } from '../../src/metrics/external-sort.ts';
import { SpillDir, peakSpillBytes } from '../../src/metrics/spill-dir.ts';

interface Row {
  task: number;
  rollout: number;
  label: string;
}

const codec: RecordCodec<Row> = {
  write(row, out) {
    out.f64(row.task);
    out.f64(row.rollout);
    out.string(row.label);
  },
  read(input) {
    return { task: input.f64(), rollout: input.f64(), label: input.string() };
  },
};

function randomRows(count: number, seed: number): Row[] {
  let state = seed;
  const random = (): number => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: count }, (_, i) => ({
    task: Math.floor(random() * 50) - 10,
    rollout: random() < 0.1 ? 0.5 : Math.floor(random() * 8),
    // Labels of every length, so records cross read-buffer boundaries; some long enough to grow the buffer.
    label: `${i}:${'é'.repeat(random() < 0.01 ? 40_000 : Math.floor(random() * 30))}`,
  }));
}

function drain<T>(cursor: { next(): T | undefined }): T[] {
  const out: T[] = [];
  for (let value = cursor.next(); value !== undefined; value = cursor.next()) out.push(value);
  return out;
}

const stableSorted = (rows: Row[]): Row[] => [...rows].sort((a, b) => a.task - b.task || a.rollout - b.rollout);

for (const [what, count, memoryBytes] of [
  ['in memory (no file)', 3000, 1 << 30],
  ['spilled to runs merged once', 3000, 64 * 1024],
  ['spilled to more runs than one merge takes (two merge levels)', 20_000, 8 * 1024],
] as const) {
  test(`external sort ${what}: key order, equal keys in the order added, any position read again`, () => {
    const parent = mkdtempSync(join(tmpdir(), 'rg-sort-'));
    const spill = new SpillDir(join(parent, 'spill-'));
    try {
      const rows = randomRows(count, count + memoryBytes);
      const sorter = new ExternalSorter({ codec, keyCount: 2, spill, name: 'rows', memoryBytes });
      for (const row of rows) sorter.add(row);
      const sorted = sorter.finish();
      assert.equal(sorted.count, count);
      assert.equal(spill.used, memoryBytes < 1 << 30, 'temp files exactly when the memory was exceeded');
      assert.deepEqual(readdirSync(parent), [], 'a temp file has no name from the start: nothing to leave behind');
      const expected = stableSorted(rows);
      assert.deepEqual(drain(sorted.cursor()), expected);

      // A cursor's position finds the same record again.
      const cursor = sorted.cursor();
      const positions: number[] = [];
      for (let i = 0; i < 1000; i++) {
        positions.push(cursor.position);
        cursor.next();
      }
      assert.deepEqual(sorted.cursor(positions[777]).next(), expected[777]);
      assert.deepEqual(drain(sorted.cursor(positions[999])), expected.slice(999));
      sorted.dispose();
    } finally {
      spill.dispose();
      rmSync(parent, { recursive: true, force: true });
    }
  });
}

test('spilled bytes are counted: the peak is at least what the sorted file held', () => {
  const parent = mkdtempSync(join(tmpdir(), 'rg-sort-'));
  const spill = new SpillDir(join(parent, 'spill-'));
  try {
    const sorter = new ExternalSorter({ codec, keyCount: 2, spill, name: 'rows', memoryBytes: 4096 });
    for (const row of randomRows(5000, 7)) sorter.add(row);
    const sorted = sorter.finish();
    assert.ok(peakSpillBytes() > 5000 * 20, `peak ${peakSpillBytes()}`);
    sorted.dispose();
  } finally {
    spill.dispose();
    rmSync(parent, { recursive: true, force: true });
  }
});
