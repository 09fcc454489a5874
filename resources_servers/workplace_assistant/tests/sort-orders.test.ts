// The orders Python's own sorts give where the order is not defined by the keys alone: ties under numpy's
// (unstable) argsort, which sort_values uses for email search, and keys that compare false both ways (NaT) under
// CPython's list.sort, which the calendar search uses. Expected orders: tests/fixtures/python-sort-orders.json,
// recorded by running numpy and CPython (scripts/python_reference_outputs.py --plan sorts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { numpyArgsort, sortDescendingOrder } from '../lib/pandas/sort.ts';
import { pythonSort } from '../lib/python-sort.ts';

const recorded = JSON.parse(readFileSync(new URL('./fixtures/python-sort-orders.json', import.meta.url), 'utf8')) as {
  argsort: Record<string, { keys: number[]; order: number[] }>;
  list_sort: Record<string, { keys: (number | null)[]; reverse: boolean; order: number[] }>;
};

test("numpy's argsort(kind='quicksort') of datetime64 values, ties included", () => {
  for (const [name, { keys, order }] of Object.entries(recorded.argsort)) {
    assert.deepEqual(numpyArgsort(keys.map(BigInt)), order, name);
  }
});

test('sort_values(ascending=False) keeps missing timestamps last in table order', () => {
  assert.deepEqual(sortDescendingOrder([5n, null, 7n, 5n, null]), [2, 0, 3, 1, 4]);
});

test("CPython's list.sort with keys that compare false both ways, forward and reversed", () => {
  for (const [name, { keys, reverse, order }] of Object.entries(recorded.list_sort)) {
    const indices = keys.map((_, index) => index);
    const lessThan = (a: number, b: number) => keys[a] !== null && keys[b] !== null && keys[a]! < keys[b]!;
    assert.deepEqual(pythonSort(indices, lessThan, reverse), order, name);
  }
});
