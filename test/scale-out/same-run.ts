// What "the shards merged equal an unsharded run" means, asserted: the same rollouts, once each, and the same metrics.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readJsonlFile } from '../rollouts/collect-helpers.ts';

/** Every (task, rollout) of `expected` is in `actual` exactly once, with the same content (reward included). */
export function assertSameRollouts(expectedPath: string, actualPath: string, count: number): void {
  const byKey = (path: string): Map<string, string> => {
    const rows = readJsonlFile(path);
    const map = new Map(rows.map((row) => [`${row._ng_task_index}:${row._ng_rollout_index}`, canonical(row)]));
    assert.equal(map.size, rows.length, `${path}: no (task, rollout) key twice`);
    return map;
  };
  const expected = byKey(expectedPath);
  const actual = byKey(actualPath);
  assert.equal(expected.size, count);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), 'the same (task, rollout) keys');
  for (const [key, row] of expected) assert.equal(actual.get(key), row, `rollout ${key} is the same`);
}

/**
 * The merge's aggregate metrics equal the unsharded run's. `ignoring` lists dotted paths (per agent entry) that
 * may differ; the message lists the first differing paths rather than two 700 kB strings.
 */
export function assertSameMetrics(expectedPath: string, actualPath: string, ignoring: readonly string[] = []): void {
  const expectedText = readFileSync(expectedPath, 'utf8');
  const actualText = readFileSync(actualPath, 'utf8');
  if (ignoring.length === 0 && actualText === expectedText) return;
  const differences = differingPaths(JSON.parse(expectedText), JSON.parse(actualText), '').filter((path) => !ignoring.some((ignored) => new RegExp(`^\\[\\d+\\]\\.${ignored.replace(/\./g, '\\.')}:`).test(path)));
  assert.deepEqual(differences.slice(0, 20), [], `${actualPath} differs from ${expectedPath} at these paths`);
  if (ignoring.length === 0) assert.equal(actualText, expectedText, `${actualPath} is byte-identical to ${expectedPath}`);
}

function differingPaths(a: unknown, b: unknown, path: string): string[] {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Array.isArray(a) && Array.isArray(b) ? [...Array(Math.max(a.length, b.length)).keys()] : [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) => differingPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`));
  }
  return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`.slice(0, 200)];
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}
