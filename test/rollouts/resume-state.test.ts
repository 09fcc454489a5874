// The resume state sorted on disk says, row by row, what the in-memory sets said: done, out of attempts,
// terminal, or to run with its count of failures, on random files (duplicates, keys that are not walked,
// rows without indices, a limit), whether it stays in memory or spills.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spillFilesCreated } from '../../src/metrics/spill-dir.ts';
import { loadResumeState } from '../../src/rollouts/resume-state.ts';
import { keyOfRow } from '../../src/rollouts/rollout-key.ts';

type Row = Record<string, unknown>;

/** What a walk of `walked` got from the sets the resume state used to be (the oracle). */
function expected(rollouts: Row[], failures: Row[], walked: Row[], maxAttempts: number): { doneCount: number; attempts: (number | undefined)[] } {
  const done = new Set(rollouts.map(keyOfRow));
  const attempts = new Map<number | string, number>();
  const terminal = new Set<number | string>();
  for (const row of failures) {
    const key = keyOfRow(row);
    if (done.has(key)) continue;
    attempts.set(key, (attempts.get(key) ?? 0) + 1);
    if (row._ng_failure_terminal === true) terminal.add(key);
  }
  return {
    doneCount: done.size,
    attempts: walked.map((row) => {
      const key = keyOfRow(row);
      return !done.has(key) && !terminal.has(key) && (attempts.get(key) ?? 0) < maxAttempts ? (attempts.get(key) ?? 0) : undefined;
    }),
  };
}

function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 48271) % 2147483647) / 2147483647);
}

test('resume state on disk matches the in-memory sets on random runs, in memory and spilled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-resume-state-'));
  try {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const tasks = 1 + Math.floor(next() * 40);
      const repeats = 1 + Math.floor(next() * 6);
      const key = (task: number, rollout: number): Row => ({ _ng_task_index: task, _ng_rollout_index: rollout });
      const materialized: Row[] = [];
      for (let task = 0; task < tasks; task++) for (let rollout = 0; rollout < repeats; rollout++) materialized.push({ ...key(task, rollout), responses_create_params: { input: `q${task}` } });
      // The walk is in any order (inputs with their own task indices).
      if (seed % 3 === 0) materialized.sort(() => next() - 0.5);
      if (seed % 7 === 0) materialized.push({ responses_create_params: { input: 'no indices' } });
      const rollouts: Row[] = [];
      const failures: Row[] = [];
      for (const row of materialized) {
        const draw = next();
        if (draw < 0.3) rollouts.push({ ...row, reward: 1 });
        if (draw < 0.05) rollouts.push({ ...row, reward: 0 });
        if (draw > 0.2 && draw < 0.8) for (let i = Math.floor(next() * 4); i > 0; i--) failures.push({ ...row, _ng_failure_class: 'timeout', ...(next() < 0.1 ? { _ng_failure_terminal: true } : {}) });
      }
      rollouts.push({ ...key(tasks + 5, 0), reward: 1 });
      failures.push({ ...key(tasks + 6, 0), _ng_failure_class: 'timeout' });
      const write = (name: string, rows: Row[]): string => {
        const path = join(dir, `${seed}-${name}.jsonl`);
        writeFileSync(path, rows.map((row) => `${JSON.stringify(row)}\n`).join('') + (seed % 5 === 0 ? '\n\n' : ''));
        return path;
      };
      const maxAttempts = 1 + (seed % 3);
      const limit = seed % 4 === 0 ? Math.floor(materialized.length / 2) : 0;
      const walked = limit > 0 ? materialized.slice(0, limit) : materialized;
      const oracle = expected(rollouts, failures, walked, maxAttempts);
      for (const spillLimits of [{}, { sortBytes: 32 }]) {
        const files = spillFilesCreated();
        const state = await loadResumeState(write('rollouts', rollouts), write('failures', failures), { path: write('materialized', materialized), limit }, maxAttempts, spillLimits);
        try {
          assert.equal(state.doneCount, oracle.doneCount);
          for (let pass = 0; pass < 2; pass++) {
            const cursor = state.rows();
            assert.deepEqual(walked.map((row) => cursor.next(row)), oracle.attempts, `seed ${seed}, walk ${pass + 1}`);
          }
          assert.equal(spillFilesCreated() > files, 'sortBytes' in spillLimits, 'spills exactly when the memory is exceeded');
        } finally {
          state.dispose();
        }
      }
      assert.deepEqual(readdirSync(dir).filter((name) => name.includes('.resume-')), []);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cursor walked over other rows than the state was read for says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-resume-state-'));
  try {
    const path = join(dir, 'materialized.jsonl');
    writeFileSync(path, `${JSON.stringify({ _ng_task_index: 0, _ng_rollout_index: 0 })}\n`);
    const state = await loadResumeState(join(dir, 'none.jsonl'), join(dir, 'none_failures.jsonl'), { path }, 3);
    assert.throws(() => state.rows().next({ _ng_task_index: 1, _ng_rollout_index: 0 }), /was read for other rows than the run walks/);
    state.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
