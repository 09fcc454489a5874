// Task numbering on disk gives every row the task and first rollout index the maps of every task used to give:
// identical lines are one task in order of first appearance, explicit _ng_task_index values share their task's
// rollouts, repeats follow each row's agent, a limit stops the read; in memory and spilled alike.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { spillFilesCreated } from '../../src/metrics/spill-dir.ts';
import { numberTasks } from '../../src/rollouts/task-numbering.ts';

/** The maps materialize used to keep (the oracle): task and first rollout of each line, distinct tasks. */
function oracle(lines: string[], repeatsOf: (row: Record<string, unknown>) => number, limit: number, shard: { index: number; count: number }) {
  const taskOfLine = new Map<string, number>();
  const nextRollout = new Map<number, number>();
  const tasks = new Set<number>();
  let nextTask = 0;
  const out: { line: number; task: number; firstRollout: number }[] = [];
  let rows = 0;
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    if (limit > 0 && rows >= limit) break;
    rows++;
    const value = JSON.parse(raw) as Record<string, unknown>;
    let task: number;
    if (typeof value._ng_task_index === 'number') task = value._ng_task_index;
    else {
      const digest = createHash('sha256').update(raw).digest('hex');
      task = taskOfLine.get(digest) ?? nextTask++;
      taskOfLine.set(digest, task);
    }
    tasks.add(task);
    const first = nextRollout.get(task) ?? 0;
    nextRollout.set(task, first + repeatsOf(value));
    out.push({ line: i + 1, task, firstRollout: first });
  }
  return { out, tasks: tasks.size, inShard: [...tasks].filter((task) => ((task % shard.count) + shard.count) % shard.count === shard.index).length };
}

test('task numbering on disk matches the maps it replaces, on random inputs, in memory and spilled', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-numbering-'));
  try {
    let state = 17;
    const next = (): number => ((state = (state * 48271) % 2147483647) / 2147483647);
    for (let seed = 0; seed < 30; seed++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(next() * 300);
      for (let i = 0; i < count; i++) {
        const draw = next();
        if (draw < 0.05) lines.push('');
        else if (draw < 0.25) lines.push(JSON.stringify({ prompt: 'p', _ng_task_index: Math.floor(next() * 20) }));
        else lines.push(JSON.stringify({ prompt: `p${Math.floor(next() * (1 + count / 3))}`, agent_ref: { name: next() < 0.5 ? 'a' : 'b' } }));
      }
      const path = join(dir, `in${seed}.jsonl`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      const repeatsOf = (row: Record<string, unknown>): number => ((row.agent_ref as { name?: string } | undefined)?.name === 'b' ? 3 : 2);
      const limit = seed % 3 === 0 ? Math.floor(count / 2) : 0;
      const shard = { index: seed % 3, count: 3 };
      const expected = oracle(lines, repeatsOf, limit, shard);
      for (const spillLimits of [{}, { sortBytes: 64 }]) {
        const files = spillFilesCreated();
        const numbering = await numberTasks({ inputPath: path, inputDisplayPath: path, limit, repeatsOf, shard, spillPrefix: join(dir, 'x.spill-'), spillLimits });
        try {
          assert.deepEqual(expected.out.map(({ line }) => ({ line, ...numbering.at(line) })), expected.out, `input ${seed}`);
          assert.deepEqual([numbering.tasks, numbering.tasksInShard], [expected.tasks, expected.inShard]);
          assert.equal(spillFilesCreated() > files, 'sortBytes' in spillLimits && expected.out.length > 4);
        } finally {
          numbering.dispose();
        }
      }
    }
    assert.deepEqual(readdirSync(dir).filter((name) => name.includes('.spill-')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
