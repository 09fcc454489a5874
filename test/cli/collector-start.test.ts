// How bin/ starts a collector: the same Node again, with the collector's V8 flags and glibc malloc settings (both read
// once, at process start), a user's own setting winning; other commands start as they are.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { execa } from 'execa';
import { startEnvFor, v8FlagsFor } from '../../bin/launch.js';
import { repoRoot } from '../helpers/cli.ts';
import { descendantsOf } from '../helpers/processes.ts';

function environOf(pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return new Map(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

test('collectors start with the malloc settings a user has not set; other commands with none', () => {
  for (const [command, args] of [['ng_e2e_collect_rollouts', []], ['ng_collect_rollouts', []], ['gym', ['eval', 'run']]] as const) {
    assert.deepEqual(startEnvFor(command, args, {}), { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' }, command);
    assert.deepEqual(v8FlagsFor(command, args), ['--max-semi-space-size=8', '--heap-growing-percent=50'], command);
  }
  assert.deepEqual(startEnvFor('ng_collect_rollouts', [], { MALLOC_ARENA_MAX: '8' }), { MALLOC_MMAP_THRESHOLD_: '131072' }, 'the user’s own arena count wins');
  for (const [command, args] of [['ng_run', []], ['ng_aggregate_rollouts', []], ['gym', ['env', 'list']]] as const) {
    assert.deepEqual(startEnvFor(command, args, {}), {}, command);
    assert.deepEqual(v8FlagsFor(command, args), [], command);
  }
});

test('bin/ng_e2e_collect_rollouts.js runs the collector with its V8 flags and malloc settings; the user’s MALLOC_ARENA_MAX wins', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-collector-start-'));
  try {
    const output = join(dir, 'quickstart.jsonl');
    const run = execa(process.execPath, [join(repoRoot, 'bin', 'ng_e2e_collect_rollouts.js'), '+config_paths=[configs/quickstart.yaml]', '+split=example', `+output_jsonl_fpath=${output}`, '+head_server.port=0'], {
      cwd: repoRoot,
      env: { MALLOC_ARENA_MAX: '4', CI: 'true' },
      reject: false,
      all: true,
    });
    // The collector is the launcher's child running src/cli/main.ts; it lives while its servers start and collect.
    let collector: { cmdline: string[]; environ: Map<string, string> } | undefined;
    let ended = false;
    void run.then(() => (ended = true));
    while (collector === undefined && !ended) {
      for (const pid of descendantsOf(run.pid!)) {
        try {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          if (cmdline.some((arg) => arg.endsWith(join('src', 'cli', 'main.ts')))) collector = { cmdline, environ: environOf(pid) };
        } catch {
          // gone between the listing and the read
        }
      }
      await sleep(20);
    }
    const result = await run;
    assert.equal(result.exitCode, 0, result.all);
    assert.ok(collector, `the collector process was not seen:\n${result.all}`);
    assert.deepEqual(collector.cmdline.slice(1, 3), ['--max-semi-space-size=8', '--heap-growing-percent=50']);
    assert.equal(collector.environ.get('MALLOC_MMAP_THRESHOLD_'), '131072');
    assert.equal(collector.environ.get('MALLOC_ARENA_MAX'), '4', 'the user’s own setting, not ours');
    assert.match(result.all, /Finished rollout collection: \d+\/\d+ succeeded, 0 failed\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
