// A collector's appender writes the lines of one event-loop turn together, and loses none of them: they are on disk
// at the end of the turn, on close and when the process exits; a failed write reaches the run as one error naming the
// file, and the file keeps only whole lines.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { JsonlAppender } from '../../src/rollouts/run-files.ts';

const appenderModule = new URL('../../src/rollouts/run-files.ts', import.meta.url).pathname;

function tempFile(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'rg-appender-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'run.jsonl');
}

test('a batching appender writes the lines of one turn together, in order, at the end of the turn', async (t) => {
  const path = tempFile(t);
  const failures: unknown[] = [];
  const appender = new JsonlAppender(path, { batchWrites: { onFailure: (error) => failures.push(error) } });
  appender.appendLine('{"n":1}');
  appender.append({ n: 2 });
  assert.equal(readFileSync(path, 'utf8'), '', 'nothing is written before the turn ends');
  await nextTurn();
  assert.equal(readFileSync(path, 'utf8'), '{"n":1}\n{"n":2}\n');
  appender.appendLine('{"n":3}');
  appender.close();
  assert.equal(readFileSync(path, 'utf8'), '{"n":1}\n{"n":2}\n{"n":3}\n', 'close writes what is pending');
  assert.deepEqual(failures, []);
});

test('a batching appender writes at once when a turn has appended 1 MiB, without waiting for the turn to end', (t) => {
  const path = tempFile(t);
  const appender = new JsonlAppender(path, { batchWrites: { onFailure: (error) => assert.fail(String(error)) } });
  const line = `{"text":"${'x'.repeat(64 * 1024)}"}`;
  for (let i = 0; i < 15; i++) appender.appendLine(line);
  assert.equal(readFileSync(path, 'utf8'), '', 'under 1 MiB pending, nothing is written yet');
  appender.appendLine(line);
  assert.equal(readFileSync(path, 'utf8'), `${line}\n`.repeat(16), 'at 1 MiB pending, all of it is written in the same turn');
  appender.close();
});

test('an appender without batching writes each line at once', (t) => {
  const path = tempFile(t);
  const appender = new JsonlAppender(path);
  appender.appendLine('{"n":1}');
  assert.equal(readFileSync(path, 'utf8'), '{"n":1}\n');
  appender.close();
});

test('process.exit in the middle of a turn still writes the lines appended before it', (t) => {
  const path = tempFile(t);
  const script = [
    `const { JsonlAppender } = await import(${JSON.stringify(appenderModule)});`,
    `const appender = new JsonlAppender(${JSON.stringify(path)}, { batchWrites: { onFailure: () => process.exit(3) } });`,
    `appender.appendLine('{"n":1}'); appender.appendLine('{"n":2}');`,
    'process.exit(0);',
  ].join('\n');
  execFileSync(process.execPath, ['--input-type=module', '--eval', script]);
  assert.equal(readFileSync(path, 'utf8'), '{"n":1}\n{"n":2}\n');
});

test('a failed batched write reaches onFailure naming the file; later appends fail the same way', { skip: existsSync('/dev/full') ? false : 'no /dev/full on this system to make a write fail' }, async () => {
  const failures: unknown[] = [];
  const appender = new JsonlAppender('/dev/full', { then: 'then resume', batchWrites: { onFailure: (error) => failures.push(error) } });
  appender.appendLine('{"n":1}');
  await nextTurn();
  assert.equal(failures.length, 1);
  const error = failures[0] as Error & { code?: string };
  assert.equal(error.code, 'RG_FILE');
  assert.match(error.message, /cannot write to \/dev\/full: no space left on the device \(ENOSPC\)/);
  assert.throws(() => appender.appendLine('{"n":2}'), (thrown) => thrown === error);
  appender.close();
  assert.equal(failures.length, 1, 'close does not report the failure again');
});
