import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { freePort } from '../helpers/free-port.ts';
import { spawnCli } from '../helpers/cli.ts';
import { serversStartedBy, waitUntilGone } from '../helpers/processes.ts';
import { readJsonlFile } from '../rollouts/collect-helpers.ts';
import { testTempDir } from '../helpers/temp-dir.ts';

// graded_quiz (test/gym/fixtures) passes the tasks whose difficulty is at most max_difficulty (3): tasks 0-2 of its
// six (difficulties 1-6), two rollouts each. Found through --search-dir, as an environment outside the package is.
const SERVER = ['--search-dir', 'test/gym/fixtures', '--resources-server', 'graded_quiz', '--model-type', 'offline_model'];
const MAX_DIFFICULTY = '++graded_quiz_resources_server.resources_servers.graded_quiz.max_difficulty';
const MODE = '++graded_quiz_resources_server.resources_servers.graded_quiz.reverify_mode';

let dir: string;
let run: { inputs: string; rollouts: string };

async function reverify(output: string, ...extra: string[]) {
  const child = spawnCli('gym', ['eval', 'reverify', ...SERVER, '--inputs', run.inputs, '--rollouts', run.rollouts, '--output', join(dir, output), `++head_server.port=${await freePort()}`, ...extra]);
  const result = await child;
  assert.deepEqual(await waitUntilGone(serversStartedBy(child.pid!), 5_000), [], 'every server it started is gone');
  return { code: result.exitCode, out: String(result.stdout), err: String(result.stderr) };
}

const keyed = (rows: Record<string, unknown>[]) => new Map(rows.map((row) => [`${row._ng_task_index}:${row._ng_rollout_index}`, row]));

before(async () => {
  dir = testTempDir('rg-reverify-');
  const collected = await spawnCli('gym', ['eval', 'run', ...SERVER, '--split', 'example', '--output', join(dir, 'run.jsonl'), `++head_server.port=${await freePort()}`]);
  assert.equal(collected.exitCode, 0, String(collected.stderr));
  run = { inputs: join(dir, 'run_materialized_inputs.jsonl'), rollouts: join(dir, 'run.jsonl') };
  assert.equal(readJsonlFile(run.rollouts).length, 12);
});

test('an unchanged verifier changes no reward; only the resources server is started', { timeout: 120_000 }, async () => {
  const result = await reverify('same.jsonl');
  assert.equal(result.code, 0, result.err + result.out);
  assert.match(result.out, /^Starting graded_quiz_resources_server to re-verify 12 rollouts of /m);
  assert.doesNotMatch(result.out + result.err, /policy_model|simple_agent (starting|healthy)/, 'neither the model nor the agent is started');
  assert.match(result.out, /Re-verified through graded_quiz_resources_server: stateless\.\nRewards: 0 of 12 re-verified rollouts changed, 12 unchanged\.\n  mean reward 0\.5000 -> 0\.5000 \(\+0\.0000\)\n/);
  const original = keyed(readJsonlFile(run.rollouts));
  const reverified = keyed(readJsonlFile(join(dir, 'same.jsonl')));
  assert.deepEqual([...reverified.keys()].sort(), [...original.keys()].sort());
  for (const [key, row] of reverified) assert.deepEqual(row, original.get(key), `rollout ${key} is re-verified into the same record`);
  assert.equal(readFileSync(join(dir, 'same_reward_changes.jsonl'), 'utf8'), '');
  const before = JSON.parse(readFileSync(join(dir, 'run_aggregate_metrics.json'), 'utf8'));
  const after = JSON.parse(readFileSync(join(dir, 'same_aggregate_metrics.json'), 'utf8'));
  assert.deepEqual(after[0].agent_metrics, before[0].agent_metrics);

  const again = await reverify('same.jsonl');
  assert.equal(again.code, 1);
  assert.match(again.err, /Output file already exists: .*same\.jsonl\n  fix: pass --overwrite to replace it and start fresh, or --resume to continue from it/);
  assert.doesNotMatch(again.out, /Starting/, 'refused before starting anything');
  const overwritten = await reverify('same.jsonl', '--overwrite', '--disable-aggregation');
  assert.equal(overwritten.code, 0, overwritten.err);
  assert.match(overwritten.out, /aggregate metrics: +none \(--disable-aggregation\)/);
  assert.equal(existsSync(join(dir, 'same_aggregate_metrics.json')), false, 'the earlier metrics went with --overwrite');
});

test('a changed verifier reports exactly the rewards that changed, and --resume finishes a stopped run', { timeout: 120_000 }, async () => {
  const result = await reverify('lenient.jsonl', `${MAX_DIFFICULTY}=4`);
  assert.equal(result.code, 0, result.err + result.out);
  assert.match(
    result.out,
    /Rewards: 2 of 12 re-verified rollouts changed, 10 unchanged\.\n  mean reward 0\.5000 -> 0\.6667 \(\+0\.1667\)\n  2 went up, 0 went down; mean size of a change 1\.0000, largest 1\n  tasks with changed rewards \(1 of 6\):\n    task 3 \(graded_quiz_simple_agent\): 2 of 2 rollouts: rollout 0: 0 -> 1, rollout 1: 0 -> 1\n/,
  );
  const changes = readJsonlFile(join(dir, 'lenient_reward_changes.jsonl')).sort((a, b) => (a._ng_rollout_index as number) - (b._ng_rollout_index as number));
  assert.deepEqual(changes, [
    { _ng_task_index: 3, _ng_rollout_index: 0, agent: 'graded_quiz_simple_agent', reward_before: 0, reward_after: 1 },
    { _ng_task_index: 3, _ng_rollout_index: 1, agent: 'graded_quiz_simple_agent', reward_before: 0, reward_after: 1 },
  ]);
  const metrics = JSON.parse(readFileSync(join(dir, 'lenient_aggregate_metrics.json'), 'utf8'));
  assert.equal(metrics[0].agent_metrics['mean/reward'], 8 / 12);

  // A run stopped after 5 rollouts: --resume re-verifies the other 7 and the report covers all 12.
  const output = join(dir, 'lenient.jsonl');
  writeFileSync(output, readFileSync(output, 'utf8').split('\n').slice(0, 5).map((line) => `${line}\n`).join(''));
  const resumed = await reverify('lenient.jsonl', `${MAX_DIFFICULTY}=4`, '--resume');
  assert.equal(resumed.code, 0, resumed.err);
  assert.match(resumed.out, /Resuming: 5 of 12 rollouts already re-verified in /);
  assert.match(resumed.out, /Rewards: 2 of 12 re-verified rollouts changed, 10 unchanged\./);
  assert.equal(keyed(readJsonlFile(output)).size, 12);
  assert.equal(readJsonlFile(output).length, 12, 'nothing re-verified twice');
});

test('a server whose reverify_mode is not stateless stops the command; --force writes unsafe_ outputs', { timeout: 120_000 }, async () => {
  const refused = await reverify('guarded.jsonl', `${MODE}=unknown`);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /resources server graded_quiz_resources_server: unknown did not declare reverify_mode stateless: re-verified rewards may be wrong\n  fix: pass --force \(\+\+force=true\) to re-verify anyway; the outputs are then prefixed with 'unsafe_'/);
  assert.equal(existsSync(join(dir, 'guarded.jsonl')), false);

  const forced = await reverify('guarded.jsonl', `${MODE}=unsupported`, '--force');
  assert.equal(forced.code, 0, forced.err);
  assert.match(forced.out, /WARNING: graded_quiz_resources_server: unsupported: re-verified rewards may be wrong; outputs are prefixed with 'unsafe_'\./);
  assert.match(forced.out, /re-verified rollouts: .*unsafe_guarded\.jsonl/);
  assert.equal(readJsonlFile(join(dir, 'unsafe_guarded.jsonl')).length, 12);
  assert.ok(existsSync(join(dir, 'unsafe_guarded_aggregate_metrics.json')));
  assert.equal(existsSync(join(dir, 'guarded.jsonl')), false);
});

test('a rollout whose verify fails is kept apart and retried by --resume', { timeout: 120_000 }, async () => {
  const failing = await reverify('retried.jsonl', '++graded_quiz_resources_server.resources_servers.graded_quiz.fail_difficulty=2');
  assert.equal(failing.code, 1);
  assert.match(failing.out, /Rewards: 0 of 10 re-verified rollouts changed, 10 unchanged\./);
  assert.match(failing.out, /error: 2 of 12 rollouts could not be re-verified; each failure is a line of .*retried_failures\.jsonl\.\n  fix: read their error, then run the same command with --resume to retry them/);
  const failures = readJsonlFile(join(dir, 'retried_failures.jsonl'));
  assert.deepEqual(failures.map((row) => [row._ng_task_index, row._ng_failure_class]), [[1, 'upstream_error'], [1, 'upstream_error']]);
  assert.match(String(failures[0]!.error), /verify is broken for difficulty 2/);
  const retried = await reverify('retried.jsonl', '--resume');
  assert.equal(retried.code, 0, retried.err);
  assert.match(retried.out, /Rewards: 0 of 12 re-verified rollouts changed, 12 unchanged\./);
  assert.equal(readJsonlFile(join(dir, 'retried.jsonl')).length, 12);
});

test('--limit takes the first rollouts; the output may not be the run\'s own rollouts; every rollout needs its input row', { timeout: 90_000 }, async () => {
  const limited = await reverify('limited.jsonl', '--limit', '3', '--concurrency', '1');
  assert.equal(limited.code, 0, limited.err);
  assert.match(limited.out, /to re-verify 3 rollouts of .*\n[\s\S]*Rewards: 0 of 3 re-verified rollouts changed/);
  assert.deepEqual(readJsonlFile(join(dir, 'limited.jsonl')).map((row) => `${row._ng_task_index}:${row._ng_rollout_index}`), readJsonlFile(run.rollouts).slice(0, 3).map((row) => `${row._ng_task_index}:${row._ng_rollout_index}`));
  const same = await reverify('run.jsonl', '--overwrite');
  assert.equal(same.code, 1);
  assert.match(same.err, /--output .*run\.jsonl would overwrite the run's own .*run\.jsonl/);
  const partialInputs = join(dir, 'partial_inputs.jsonl');
  writeFileSync(partialInputs, readFileSync(run.inputs, 'utf8').split('\n').slice(2).join('\n'));
  const child = spawnCli('gym', ['eval', 'reverify', ...SERVER, '--inputs', partialInputs, '--rollouts', run.rollouts, '-o', join(dir, 'x.jsonl')]);
  const missing = await child;
  assert.equal(missing.exitCode, 1);
  assert.match(String(missing.stderr), /2 rollouts of '.*run\.jsonl' have no materialized input row in '.*partial_inputs\.jsonl', e\.g\. \(0, \d\), \(0, \d\)/);
});
