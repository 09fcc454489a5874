import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { spawnCli } from '../helpers/cli.ts';
import { jsonl, rolloutRow, tempDir, writeSmallRun } from './fixtures.ts';
import { getJson, startViewerProcess } from './viewer-process.ts';

test('the API lists rollouts and failures, filters, sorts, pages, searches and serves one rollout', async () => {
  const { dir, remove } = tempDir();
  const path = writeSmallRun(dir);
  const viewer = await startViewerProcess([`+jsonl_fpath=${path}`]);
  try {
    const all = await getJson(`${viewer.url}api/rows?limit=5`);
    assert.equal(all.body.total, 14);
    assert.deepEqual(all.body.rows[0], { id: 'r0', task: 0, rollout: 0, agent: 'weather_agent', reward: 1, failureClass: null, prompt: "what's it like in City 0?", answer: 'It is cold in City 0.' });
    const second = await getJson(`${viewer.url}api/rows?limit=5&offset=10`);
    assert.deepEqual(second.body.rows.map((row: any) => row.id), ['r10', 'r11', 'f0', 'f1']);
    assert.equal(second.body.rows[2].failureClass, 'agent_http_error');
    assert.deepEqual([second.body.rows[2].prompt, second.body.rows[2].answer], [null, 'error: agent /run returned HTTP 500 for task 4'], 'a failure previews its error');

    const failures = await getJson(`${viewer.url}api/rows?failures_only=1`);
    assert.deepEqual(failures.body.rows.map((row: any) => [row.task, row.rollout, row.failureClass]), [[4, 0, 'agent_http_error'], [4, 1, 'timeout']]);
    const partial = await getJson(`${viewer.url}api/rows?min_reward=0.1&max_reward=0.9`);
    assert.deepEqual(partial.body.rows.map((row: any) => row.reward), [0.5, 0.5, 0.5]);
    const math = await getJson(`${viewer.url}api/rows?agent=math_agent&sort=reward_desc`);
    assert.deepEqual(math.body.rows.map((row: any) => `${row.task}:${row.rollout}=${row.reward}`), ['1:0=1', '1:1=0', '1:2=0', '3:0=0', '3:1=0', '3:2=0']);

    const search = await getJson(`${viewer.url}api/rows?q=Zanzibar&limit=2`);
    assert.deepEqual(search.body.rows.map((row: any) => row.id), ['r3', 'r4']);
    const rest = await getJson(`${viewer.url}api/rows?q=Zanzibar&limit=2&cursor=${search.body.nextCursor}`);
    assert.deepEqual(rest.body.rows.map((row: any) => row.id), ['r5']);
    assert.equal(rest.body.nextCursor, null);
    const anyCase = await getJson(`${viewer.url}api/rows?q=zanZIBAR`);
    assert.deepEqual(anyCase.body.rows.map((row: any) => row.id), ['r3', 'r4', 'r5'], 'search ignores case by default');
    const exact = await getJson(`${viewer.url}api/rows?q=zanZIBAR&exact=1`);
    assert.deepEqual(exact.body.rows, [], 'exact=1 matches the case too');
    const sorted = await getJson(`${viewer.url}api/rows?q=zanzibar&sort=reward_desc&limit=2`);
    assert.deepEqual([sorted.body.total, sorted.body.rows.map((row: any) => `${row.id}=${row.reward}`)], [3, ['r3=1', 'r4=0']], 'matches sorted by reward, with a total');
    const sortedRest = await getJson(`${viewer.url}api/rows?q=zanzibar&sort=reward_desc&limit=2&offset=2`);
    assert.deepEqual(sortedRest.body.rows.map((row: any) => row.id), ['r5']);
    const quoted = await getJson(`${viewer.url}api/rows?q=${encodeURIComponent('onerror="window')}`);
    assert.deepEqual(quoted.body.rows.map((row: any) => row.id), ['r9'], 'a search for text with quotes finds it JSON-escaped in the file');

    const one = await getJson(`${viewer.url}api/rollout?id=r4`);
    assert.equal(one.body.row.response.output[1].name, 'get_weather');
    assert.equal(one.body.listing.reward, 0);
    const failure = await getJson(`${viewer.url}api/rollout?id=f1`);
    assert.equal(failure.body.row.error, 'agent /run returned HTTP 500 for task 4');

    const stats = await getJson(`${viewer.url}api/stats`);
    assert.deepEqual(stats.body.rewardHistogram, [{ label: '0', value: 5 }, { label: '0.5', value: 3 }, { label: '1', value: 4 }]);
    assert.deepEqual(stats.body.failuresByClass, [{ label: 'agent_http_error', value: 1 }, { label: 'timeout', value: 1 }]);
    assert.equal(stats.body.passAtKSource, 'rows');
    assert.deepEqual(stats.body.perTask.map((task: any) => task.meanReward), [1, 1 / 3, 0.5, 0]);
  } finally {
    await viewer.stop();
    remove();
  }
});

function rawGet(url: string, path: string, host?: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: host ? { host } : {} }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('only the named files are served, with a CSP, and only to loopback host names', async () => {
  const { dir, remove } = tempDir();
  const path = writeSmallRun(dir);
  writeFileSync(join(dir, 'secret.txt'), 'do not serve me');
  const viewer = await startViewerProcess([path]);
  try {
    const page = await fetch(viewer.url);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    for (const probe of ['/../secret.txt', '/static/../http-server.ts', '/static/%2e%2e/viewer.ts', `/${encodeURIComponent(join(dir, 'secret.txt'))}`, '/api/rollout?id=../../secret.txt', '/api/rollout?id=r999']) {
      const response = await rawGet(viewer.url, probe);
      assert.ok(response.status === 404, `${probe} answered ${response.status}`);
      assert.doesNotMatch(response.body, /do not serve me|createServer/);
    }
    assert.equal((await rawGet(viewer.url, '/api/info', 'evil.example:80')).status, 403, 'a rebinding host name is refused');
    assert.equal((await rawGet(viewer.url, '/api/info', `localhost:${new URL(viewer.url).port}`)).status, 200);
  } finally {
    await viewer.stop();
    remove();
  }
});

test('compare mode pairs the same (task, rollout) of a second run, and the aggregate metrics file feeds pass@k', async () => {
  const { dir, remove } = tempDir();
  const path = writeSmallRun(dir, 'run_a');
  const other = join(dir, 'run_b.jsonl');
  writeFileSync(other, jsonl([rolloutRow({ task: 1, rollout: 1, reward: 1 }), rolloutRow({ task: 1, rollout: 7, reward: 0 })]));
  writeFileSync(join(dir, 'run_a_aggregate_metrics.json'), JSON.stringify([{ agent_ref: { name: 'weather_agent' }, agent_metrics: { 'mean/reward': 0.5, 'pass@1/reward': 40, 'pass@2/reward': 55 }, key_metrics: {}, group_level_metrics: [] }], null, 2));
  const viewer = await startViewerProcess(['run_a.jsonl', '+compare_jsonl_fpath=run_b.jsonl'], dir);
  try {
    while (!(await getJson(`${viewer.url}api/info`)).body.b.indexing.complete); // the compare run indexes in the background
    const rows = await getJson(`${viewer.url}api/rows?limit=6`);
    assert.deepEqual(rows.body.rows.map((row: any) => row.compareReward ?? null), [null, null, null, null, 1, null]);
    const match = await getJson(`${viewer.url}api/match?task=1&rollout=1`);
    assert.equal(match.body.exact, 'r0');
    assert.deepEqual(match.body.sameTask.map((row: any) => row.rollout), [1, 7]);
    const b = await getJson(`${viewer.url}api/rollout?run=b&id=r1`);
    assert.equal(b.body.listing.rollout, 7);
    const stats = await getJson(`${viewer.url}api/stats`);
    assert.equal(stats.body.passAtKSource, 'aggregate_metrics');
    assert.deepEqual(stats.body.passAtK, [{ k: 1, value: 0.4 }, { k: 2, value: 0.55 }]);
  } finally {
    await viewer.stop();
    remove();
  }
});

test('rows appended by a running collection are announced live and listed without a restart', async () => {
  const { dir, remove } = tempDir();
  const path = join(dir, 'live.jsonl');
  writeFileSync(path, jsonl([rolloutRow({ task: 0, rollout: 0, reward: 1 })]));
  const viewer = await startViewerProcess([path]);
  const abort = new AbortController();
  try {
    const events = await fetch(`${viewer.url}api/events`, { signal: abort.signal });
    const reader = events.body!.getReader();
    appendFileSync(path, jsonl([rolloutRow({ task: 1, rollout: 0, reward: 0 }), rolloutRow({ task: 2, rollout: 0, reward: 1 })]));
    appendFileSync(join(dir, 'live_failures.jsonl'), jsonl([{ _ng_task_index: 3, _ng_rollout_index: 0, agent_ref: { name: 'weather_agent' }, _ng_failure_class: 'timeout' }]));
    let text = '';
    while (!/"rows":4/.test(text)) {
      const { value, done } = await reader.read();
      assert.ok(!done, `event stream ended early: ${text}`);
      text += new TextDecoder().decode(value);
    }
    const rows = await getJson(`${viewer.url}api/rows`);
    assert.deepEqual(rows.body.rows.map((row: any) => [row.task, row.failureClass]), [[0, null], [1, null], [2, null], [3, 'timeout']]);
  } finally {
    abort.abort();
    await viewer.stop();
    remove();
  }
});

test('a missing file is a clear error naming the path and what to do', async () => {
  const result = await spawnCli('ng_viewer', ['+jsonl_fpath=results/nope.jsonl']);
  assert.equal(result.exitCode, 1);
  assert.match(String(result.stderr), /rollouts file not found: .*results\/nope\.jsonl/);
  assert.match(String(result.stderr), /fix: check \+jsonl_fpath/);
});
