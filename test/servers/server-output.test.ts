// What a user sees of the servers' own output at startup and after: in order, prefixed once, errors short.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServerError } from '../../src/errors.ts';
import { createErrorLineClassifier } from '../../src/servers/server-echo.ts';
import { conciseTail } from '../../src/servers/server-output.ts';
import { startServerStack } from '../../src/servers/server-stack.ts';
import { waitUntilGone } from '../helpers/processes.ts';
import { capturedOptions, fixtureConfig, ourDescendants } from './stack-fixtures.ts';

test("startup: a server's warning appears under its name before its verdict, its other lines only in its log; later lines are prefixed once", async () => {
  const config = await fixtureConfig([{ name: 'warner', behaviour: 'prefixes-own-lines' }]);
  const options = capturedOptions(config);
  const stack = await startServerStack(config, { ...options, serverOutputAfterStartup: 'all' });
  const started = ourDescendants();
  try {
    // The line it writes once serving arrives after startup, on the terminal as it comes.
    for (let waited = 0; !options.stdout.text.includes('serving requests') && waited < 10_000; waited += 50) await sleep(50);
    const shown = options.stdout.text + options.stderr.text;
    const lines = options.stdout.text.split('\n');
    const warning = lines.findIndex((line) => line.includes('(warner) WARNING: no dataset cache, building it'));
    const verdict = lines.findIndex((line) => /^✔ resources_server warner healthy at http:\/\/127\.0\.0\.1:\d+ in /.test(line));
    assert.ok(warning >= 0 && verdict > warning, `the warning comes under the server's name, before its verdict:\n${options.stdout.text}`);
    assert.doesNotMatch(shown, /Started server process|listening on/, 'informational startup lines stay in the log');
    assert.equal(shown.split('(warner) INFO:     serving requests').length - 1, 1, 'a line after startup is shown once');
    assert.doesNotMatch(shown, /\(warner\) \(warner\)/, 'prefixed once, though the server prefixes its own lines');

    const log = readFileSync(join(stack.logDir, 'warner.log'), 'utf8');
    assert.match(log, /^INFO: {5}Started server process \[\d+\]$/m, 'the log has every line, without the doubled prefix');
    assert.match(log, /^WARNING: no dataset cache, building it$/m);
    assert.match(log, /^listening on http:/m);
  } finally {
    await stack.stop();
  }
  assert.deepEqual(await waitUntilGone(started, 5000), []);
});

test('a server answering its health check 503 is reported as answering 503, not as never answering', async () => {
  const config = await fixtureConfig([{ name: 'loading', behaviour: 'answers-503' }]);
  const options = capturedOptions(config);
  const error = await startServerStack(config, { ...options, settings: { startupTimeoutMs: 1500 } }).catch((caught: unknown) => caught);
  const started = ourDescendants();
  assert.ok(error instanceof ServerError);
  assert.match(error.message, /^resources_server loading \(port \d+\) did not become healthy within 1\.5 s; GET \/ answered 503 Service Unavailable \(\{"detail":"model still loading"\}\)$/);
  assert.match(error.hint!, /it is up but answers GET http:\/\/127\.0\.0\.1:\d+\/ with 503, not 2xx: read its log/);
  assert.doesNotMatch(`${error.message}\n${error.hint}`, /never answered/);
  assert.match(error.details!, /log: +.*loading\.log/);
  assert.match(options.stdout.text, /✖ resources_server loading failed to start/);
  assert.deepEqual(await waitUntilGone(started, 5000), []);
});

test('a server that fails to start is shown once, short: the end of its output without stack frames, and its log', async () => {
  const config = await fixtureConfig([
    // Still starting when the other fails (a healthy one may win the race: then it is shown healthy).
    { name: 'slow', behaviour: 'never-healthy' },
    { name: 'broken', behaviour: 'exits-at-start' },
  ]);
  const options = capturedOptions(config);
  const error = await startServerStack(config, options).catch((caught: unknown) => caught);
  assert.ok(error instanceof ServerError);
  const shown = options.stdout.text + options.stderr.text;
  assert.doesNotMatch(shown, /boot step/, 'its lines are not echoed before the error');
  assert.match(shown, /^✖ resources_server broken failed to start/m);
  assert.match(shown, /^↓ resources_server slow .*cancelled/m, 'the other server is cancelled, not failed');
  assert.equal(shown.match(/✖/g)?.length, 1, 'one failure in the list');
  const details = error.details!.split('\n');
  assert.ok(details.length <= 12, `short: ${details.length} lines`);
  assert.deepEqual(details.slice(1, 3), ['its output ends with:', '  boot step 19 failed']);
  assert.match(error.details!, /^ {2}fatal: missing dataset file data\/train\.jsonl\nlog: +.*broken\.log \(all of its output\)$/m);
});

test("the end of a failed server's output keeps what says why, not the frames", () => {
  const node = [
    'node:internal/modules/cjs/loader:1568',
    '  throw err;',
    '  ^',
    '',
    "Error: Cannot find module '/srv/app/nope.ts'",
    '    at Module._resolveFilename (node:internal/modules/cjs/loader:1564:15)',
    '    at node:internal/main/run_main_module:33:47 {',
    "  code: 'MODULE_NOT_FOUND',",
    '  requireStack: []',
    '}',
    '',
    'Node.js v24.21.0',
  ];
  assert.deepEqual(conciseTail(node), ["Error: Cannot find module '/srv/app/nope.ts'", "  code: 'MODULE_NOT_FOUND',", '  requireStack: []']);
  const python = [
    'Traceback (most recent call last):',
    '  File "/srv/app.py", line 3, in <module>',
    '    import ray',
    '    ^^^^^^^^^^',
    "ModuleNotFoundError: No module named 'ray'",
  ];
  assert.deepEqual(conciseTail(python), ['Traceback (most recent call last):', "ModuleNotFoundError: No module named 'ray'"]);
});

test('error lines: error and warning words and what continues them, never an INFO record', () => {
  const isError = createErrorLineClassifier();
  const lines = ['INFO:     Uvicorn running on http://127.0.0.1:8000', 'ERROR:    Exception in ASGI application', 'Traceback (most recent call last):', '  File "x.py", line 1', "ValueError: bad", 'loaded 12 rows', 'INFO: retrying after error', 'POST /v1/responses failed (HTTP 500); retry 1/3'];
  assert.deepEqual(lines.map(isError), [false, true, true, true, true, false, false, true]);
});
