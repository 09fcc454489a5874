import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { killStackStragglers, newStackId, processesOfStack, STACK_ID_VARIABLE } from '../../src/servers/stack-stragglers.ts';
import { waitUntilGone } from '../helpers/processes.ts';

/** A process in a group of its own (as Ray's workers are), carrying a stack id. */
function detachedSleeper(stackId: string): number {
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env: { ...process.env, [STACK_ID_VARIABLE]: stackId } });
  child.unref();
  return child.pid!;
}

test("a process that escaped the stack's groups is found by the stack's id and killed; another stack's is left alone", { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const ours = newStackId();
  const theirs = newStackId();
  const stray = detachedSleeper(ours);
  const other = detachedSleeper(theirs);
  try {
    assert.deepEqual(processesOfStack(ours), [stray]);
    assert.deepEqual(await killStackStragglers(ours), [stray]);
    assert.deepEqual(await waitUntilGone([stray], 100), [], 'gone once the sweep returns');
    assert.deepEqual(processesOfStack(theirs), [other], "another stack's process is untouched");
    assert.deepEqual(await killStackStragglers(ours), [], 'nothing left to kill');
  } finally {
    process.kill(other, 'SIGKILL');
  }
});
