// The progress line in tqdm's shape, and the bar kept at the bottom of a terminal with other lines above it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barLines, ProgressTracker, startProgress } from '../../src/rollouts/progress.ts';
import { formatBar, formatInterval, formatMeter, formatRate } from '../../src/rollouts/tqdm-meter.ts';

test("tqdm's meter: the seeds' own example line, character for character", () => {
  assert.equal(
    formatMeter({ description: 'Collecting rollouts', done: 5, total: 5, elapsedS: 8.35, rate: 1 / 1.67, barWidth: 16 }),
    'Collecting rollouts: 100%|████████████████| 5/5 [00:08<00:00,  1.67s/it]',
  );
  assert.equal(
    formatMeter({ description: 'Collecting rollouts', done: 50, total: 50, elapsedS: 165, rate: 1.82, barWidth: 12 }),
    'Collecting rollouts: 100%|████████████| 50/50 [02:45<00:00,  1.82it/s]',
  );
});

test("tqdm's pieces: it/s turns into s/it below one item per second; eighth blocks; H:MM:SS from an hour", () => {
  assert.equal(formatRate(381.4), '381.40it/s');
  assert.equal(formatRate(2.5), ' 2.50it/s');
  assert.equal(formatRate(1), ' 1.00it/s');
  assert.equal(formatRate(0.5), ' 2.00s/it');
  assert.equal(formatRate(undefined), '?it/s');
  assert.equal(formatBar(0, 8), '        ');
  assert.equal(formatBar(0.5, 8), '████    ');
  assert.equal(formatBar(0.25 + 1 / 32, 4), '█▏  ');
  assert.equal(formatBar(1, 4), '████');
  assert.equal(formatInterval(59.9), '00:59');
  assert.equal(formatInterval(3 * 3600 + 62), '3:01:02');
  assert.equal(
    formatMeter({ description: 'Collecting rollouts', done: 6, total: 15, elapsedS: 1.2, rate: undefined, barWidth: 10 }),
    'Collecting rollouts:  40%|████      | 6/15 [00:01<?, ?it/s]',
  );
  assert.equal(formatMeter({ description: 'd', done: 199, total: 200, elapsedS: 1, rate: 10, barWidth: 4 }), 'd:  99%|███▉| 199/200 [00:01<00:00, 10.00it/s]', 'never 100% before the end');
});

test('the bar carries the mean reward per agent and failures by class, beside it when they fit, else below', () => {
  const tracker = new ProgressTracker(10, 2);
  tracker.recordSuccess('weather', 1);
  tracker.recordSuccess('math', 0.5);
  tracker.recordSuccess('math', 0);
  tracker.recordFailure('timeout');
  const [wide] = barLines(tracker, 200);
  assert.match(wide!, /^Collecting rollouts:  60%\|.{24}\| 6\/10 \[00:00<00:00, +\d+\.\d\dit\/s\] \| mean reward: math 0\.250 · weather 1\.000 \| failed: timeout 1$/);
  const narrow = barLines(tracker, 80);
  assert.equal(narrow.length, 3);
  assert.match(narrow[0]!, /^Collecting rollouts:  60%\|.{24}\| 6\/10 \[/);
  assert.deepEqual(narrow.slice(1), ['  mean reward: math 0.250 · weather 1.000', '  failed: timeout 1']);
  const many = new ProgressTracker(3, 0);
  for (const agent of ['simple_weather_simple_agent', 'example_multi_step_simple_agent', 'workplace_assistant_simple_agent']) many.recordSuccess(agent, 1);
  assert.deepEqual(barLines(many, 100).slice(1), ['  mean reward: example_multi_step_simple_agent 1.000 · simple_weather_simple_agent 1.000', '               workplace_assistant_simple_agent 1.000'], 'wrapped between agents, never cut');
  assert.match(tracker.line(), /^6\/10 done \(60%, 1 failed: timeout 1\) \| [\d.]+ rollouts\/s \| elapsed 00:00, ETA 00:00 \| mean reward math 0\.250, weather 1\.000$/);
});

/** Two streams (stdout, stderr) writing to one terminal: every byte goes to `bytes`, in order. */
function sharedTerminal(columns: number) {
  const bytes: string[] = [];
  const stream = () => {
    const write = (chunk: string | Uint8Array): boolean => {
      bytes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    return { isTTY: true, columns, write, ownWrite: write } as unknown as NodeJS.WritableStream & { ownWrite: unknown };
  };
  return { stdout: stream(), stderr: stream(), bytes };
}

/** The lines a terminal shows after `raw`: text overwrites, \r, \n, cursor up (ESC[nA) and erase below (ESC[J). */
function rendered(raw: string): string[] {
  const lines = [''];
  let row = 0;
  let col = 0;
  for (const token of raw.match(/\x1b\[\d*[AJ]|\r|\n|[^\x1b\r\n]+/g) ?? []) {
    if (token === '\r') col = 0;
    else if (token === '\n') {
      row++;
      col = 0;
      lines[row] ??= '';
    } else if (token === '\x1b[J') {
      lines[row] = lines[row]!.slice(0, col);
      lines.length = row + 1;
    } else if (token.startsWith('\x1b[')) row -= Number(token.slice(2, -1) || 1);
    else {
      const line = lines[row]!.padEnd(col);
      lines[row] = line.slice(0, col) + token + line.slice(col + token.length);
      col += token.length;
    }
  }
  return lines.at(-1) === '' ? lines.slice(0, -1) : lines;
}

test('on a terminal, lines written to stdout and stderr meanwhile appear above the bar, and no signal listener is added', async () => {
  const { stdout, stderr, bytes } = sharedTerminal(160);
  const listenersBefore = process.listenerCount('SIGINT');
  const tracker = new ProgressTracker(3, 0);
  const display = startProgress(tracker, { stream: stderr, interactive: true, alsoOnScreen: [stdout] });
  assert.equal(process.listenerCount('SIGINT'), listenersBefore, 'the display never owns Ctrl-C');
  tracker.recordSuccess('agent', 1);
  stdout.write('a log line\n');
  stderr.write('(server) ERROR: something\n');
  tracker.recordSuccess('agent', 0);
  tracker.recordSuccess('agent', 1);
  await display.stop();
  const screen = rendered(bytes.join(''));
  assert.deepEqual(screen.slice(0, 2), ['a log line', '(server) ERROR: something']);
  assert.equal(screen.length, 3, screen.join('\n'));
  assert.match(screen[2]!, /^Collecting rollouts: 100%\|█{24}\| 3\/3 \[00:00<00:00, +[\d.]+it\/s\] \| mean reward: agent 0\.667$/);
  assert.equal(stdout.write, stdout.ownWrite, 'the streams are given back');
  stdout.write('after\n');
  assert.equal(bytes.at(-1), 'after\n', 'later writes pass straight through');
});
