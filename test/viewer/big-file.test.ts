import assert from 'node:assert/strict';
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { jsonl, rolloutRow, tempDir } from './fixtures.ts';
import { getJson, startViewerProcess } from './viewer-process.ts';

const GIGABYTE = 1024 ** 3;
const ROWS_PER_BLOCK = 500;

/** Write ~1 GB of realistic rollouts fast: one block of rows, written again and again. */
function writeGigabyteRun(path: string): number {
  const rows = Array.from({ length: ROWS_PER_BLOCK }, (_, i) => rolloutRow({ task: i, rollout: 0, reward: i % 3 === 0 ? 1 : 0, answer: `Answer ${i}: ${'It is cold and windy. '.repeat(i % 40)}` }));
  const block = Buffer.from(jsonl(rows));
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    while (written < GIGABYTE) written += writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
  return (written / block.length) * ROWS_PER_BLOCK;
}

test('a 1 GB rollouts file shows its first page while the rest is still being indexed', { timeout: 120_000 }, async () => {
  const { dir, remove } = tempDir();
  try {
    const path = join(dir, 'big.jsonl');
    const rowCount = writeGigabyteRun(path);
    assert.ok(statSync(path).size >= GIGABYTE);

    const started = performance.now();
    const viewer = await startViewerProcess([`+jsonl_fpath=${path}`]);
    const serving = performance.now();
    try {
      const page = await getJson(`${viewer.url}api/rows?limit=50`);
      const elapsed = performance.now() - started;
      console.log(`URL printed after ${Math.round(serving - started)} ms, first page ${Math.round(performance.now() - serving)} ms later`);
      assert.equal(page.status, 200);
      assert.equal(page.body.rows.length, 50);
      assert.deepEqual(page.body.rows.slice(0, 3).map((row: any) => [row.task, row.reward]), [[0, 1], [1, 0], [2, 0]]);
      // The first page does not wait for the whole file (how fast it comes is the benchmark's business, not a test's).
      assert.equal(page.body.indexing.complete, false, 'the first page was served before the file was indexed');
      assert.ok(page.body.indexing.rows < rowCount, `only ${page.body.indexing.rows} of ${rowCount} rows were indexed when the first page came`);
      console.log(`first page of a 1 GB file (${rowCount} rows) in ${Math.round(elapsed)} ms, process start-up included`);

      // The whole file gets indexed in the background, and its last row reads back from the end of the file.
      while (!/Indexed \d+ rows/.test(viewer.stdout())) await new Promise((resolve) => setTimeout(resolve, 100));
      console.log(viewer.stdout().match(/Indexed .*/)?.[0]);
      const last = await getJson(`${viewer.url}api/rows?offset=${rowCount - 1}&limit=5`);
      assert.equal(last.body.total, rowCount);
      assert.equal(last.body.rows[0].task, ROWS_PER_BLOCK - 1);
      const row = await getJson(`${viewer.url}api/rollout?id=r${rowCount - 1}`);
      assert.equal(row.body.row._ng_task_index, ROWS_PER_BLOCK - 1);
    } finally {
      await viewer.stop();
    }
    // Ctrl-C while a big file is still being indexed ends the viewer cleanly (the scan stops between chunks).
    const early = await startViewerProcess([`+jsonl_fpath=${path}`]);
    await early.stop();
  } finally {
    remove();
  }
});
