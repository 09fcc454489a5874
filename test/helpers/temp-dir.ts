// Temp dirs for tests, removed when the test file's process exits (node --test runs each file in its own process),
// so that a run of the suite leaves /tmp as it found it. RG_KEEP_TEST_DIRS=1 keeps them, to look into a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

process.on('exit', () => {
  if (process.env.RG_KEEP_TEST_DIRS) return;
  for (const dir of created) rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
});

/** A new dir under the system temp dir, named `<prefix><random>`, removed at exit. */
export function testTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}
