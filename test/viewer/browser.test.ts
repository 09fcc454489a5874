import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../helpers/cli.ts';
import { jsonl, rolloutRow, tempDir, writeSmallRun } from './fixtures.ts';
import { startViewerProcess } from './viewer-process.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'test-artifacts', 'viewer');

/** Chromium, or a skip that says how to get it (a failure where RG_REQUIRE_BROWSER_TESTS=1: .ci/run sets it once chromium is installed). */
async function launchBrowser(t: TestContext): Promise<Browser | undefined> {
  if (!existsSync(CHROMIUM)) {
    const why = `the viewer's browser tests need Debian's chromium at ${CHROMIUM}, which is not installed: run \`apt-get install -y chromium\` (.ci/run does)`;
    if (process.env.RG_REQUIRE_BROWSER_TESTS === '1') assert.fail(why);
    t.skip(why);
    return undefined;
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

/** A page that records script errors and console errors (a CSP violation shows up as one). */
async function openPage(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && problems.push(`console error: ${message.text()}`));
  await page.goto(url);
  await page.waitForSelector('#rows-body tr[data-id]');
  return { page, problems };
}

/** The list as `task:rollout=reward [failure class]` strings (runs in the page). */
function keysInPage(): string[] {
  return [...document.querySelectorAll('#rows-body tr[data-id]')].map((row) => `${row.children[0]!.textContent}:${row.children[1]!.textContent}=${row.children[3]!.textContent}${row.children[4]!.textContent ? ` ${row.children[4]!.textContent}` : ''}`);
}

const listedKeys = (page: Page): Promise<string[]> => page.evaluate(keysInPage);

/** Wait until the list shows exactly `expected`, then check it (the assertion reports the difference). */
async function expectListed(page: Page, expected: string[]): Promise<void> {
  // Polled from the test: page.waitForFunction with a string would need eval, which the viewer's CSP forbids.
  for (let waited = 0; waited < 5000 && JSON.stringify(await listedKeys(page)) !== JSON.stringify(expected); waited += 50) await page.waitForTimeout(50);
  assert.deepEqual(await listedKeys(page), expected);
}

/** The viewer on writeSmallRun's file in Chromium: run `body`, then check the page logged no error and clean up. */
async function onSmallRun(t: TestContext, body: (page: Page, path: string) => Promise<void>): Promise<void> {
  const browser = await launchBrowser(t);
  if (!browser) return;
  const { dir, remove } = tempDir();
  const path = writeSmallRun(dir);
  const viewer = await startViewerProcess([`+jsonl_fpath=${path}`]);
  try {
    const { page, problems } = await openPage(browser, viewer.url);
    await body(page, path);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await viewer.stop();
    remove();
  }
}

test('in a real browser: list, filter, open a rollout with its tool calls and reward, charts, escaping, live rows', { timeout: 90_000 }, (t) =>
  onSmallRun(t, async (page, path) => {
    assert.equal((await listedKeys(page)).length, 14);
    assert.match(await page.textContent('#page-info') ?? '', /1–14 of 14/);

    await page.check('#failures-only');
    await expectListed(page, ['4:0=— agent_http_error', '4:1=— timeout']);
    await page.uncheck('#failures-only');
    await page.fill('#min-reward', '0.1');
    await page.fill('#max-reward', '0.9');
    await expectListed(page, ['2:0=0.5', '2:1=0.5', '2:2=0.5']);
    await page.fill('#min-reward', '');
    await page.fill('#max-reward', '');
    await page.fill('#search', 'Zanzibar');
    await expectListed(page, ['1:0=1.0', '1:1=0.0', '1:2=0.0']);
    await page.screenshot({ path: join(ARTIFACTS, 'list-search.png') });

    await page.click('#rows-body tr[data-id="r3"]');
    await page.waitForSelector('.rollout .function-call');
    assert.equal(await page.textContent('.rollout .function-call .fn-name'), 'get_weather');
    assert.match(await page.textContent('.rollout .function-call pre') ?? '', /\{\n {2}"city": "Zanzibar"\n\}/, 'arguments are pretty-printed');
    assert.match(await page.textContent('.rollout .function-output pre') ?? '', /"weather_description": "The weather in Zanzibar is cold."/);
    assert.match(await page.textContent('.rollout .reasoning') ?? '', /look up the weather in Zanzibar/);
    assert.match(await page.textContent('.rollout .item.final') ?? '', /Final answer[\s\S]*It is cold in Zanzibar/);
    assert.equal(await page.textContent('.detail-head .reward'), 'reward 1.0');
    assert.equal(await page.textContent('.fields .reward-row .reward'), '1.0');
    assert.match(await page.textContent('.fields') ?? '', /accuracy[\s\S]*true/);
    assert.equal(await page.$eval('details.collapsed', (element) => (element as HTMLDetailsElement).open), false, 'sampling parameters start collapsed');
    await page.screenshot({ path: join(ARTIFACTS, 'rollout.png') });

    // A model that answered with markup: shown as text, never run.
    await page.fill('#search', '');
    await page.waitForSelector('#rows-body tr[data-id="r9"]');
    await page.click('#rows-body tr[data-id="r9"]');
    // The previous rollout also has a final answer: wait for this one's.
    await page.waitForFunction(() => document.querySelector('.rollout .item.final .text')?.textContent?.startsWith('<script>'), null, { timeout: 10_000 });
    assert.match(await page.textContent('.rollout .item.final .text') ?? '', /^<script>window.__pwned = true<\/script><img src=x onerror=/);
    assert.equal(await page.$$eval('#detail script, #detail img', (found) => found.length), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned), undefined);
    await page.screenshot({ path: join(ARTIFACTS, 'script-as-text.png') });

    await page.click('#tab-charts');
    await page.waitForSelector('.chart .svg-chart');
    const captions = await page.$$eval('.chart figcaption strong', (found) => found.map((element) => element.textContent));
    assert.deepEqual(captions, ['Reward distribution', 'Success rate per task', 'pass@k', 'Failures by class']);
    assert.equal(await page.$$eval('.chart:first-child .bar rect', (bars) => bars.length), 3, 'one bar per reward value (0, 0.5, 1)');
    assert.deepEqual(await page.$$eval('.failure-bar rect title', (titles) => titles.map((title) => title.textContent)), ['agent_http_error: 1', 'timeout: 1']);
    await page.screenshot({ path: join(ARTIFACTS, 'charts.png') });

    // Live: a collection appends a rollout; the list shows it without a reload.
    await page.click('#tab-rollouts');
    appendFileSync(path, jsonl([rolloutRow({ task: 5, rollout: 0, reward: 1, agent: 'late_agent' })]));
    await page.waitForFunction(() => document.querySelectorAll('#rows-body tr[data-id]').length === 15, null, { timeout: 10_000 });
    assert.match(await page.textContent('#status-text') ?? '', /15 rows · live/);
    assert.ok((await page.$$eval('#agent option', (options) => options.map((option) => option.textContent))).includes('late_agent'));
  }),
);

test('in a real browser: each row previews its prompt and answer, search ignores case unless asked, the reward header sorts', { timeout: 90_000 }, (t) =>
  onSmallRun(t, async (page) => {
    // Without opening a row: the last user message and the final answer are in the list.
    const row = '#rows-body tr[data-id="r3"]';
    assert.equal(await page.textContent(`${row} .preview-prompt`), "what's it like in Zanzibar?");
    assert.equal(await page.textContent(`${row} .preview-answer`), 'It is cold in Zanzibar.');
    assert.equal(await page.getAttribute(`${row} .preview-answer`, 'title'), 'It is cold in Zanzibar.', 'the whole text on hover');
    assert.equal(await page.getAttribute(`${row} td.agent`, 'title'), 'math_agent', 'the full agent name on hover');
    assert.match(await page.textContent('#rows-body tr[data-id="f0"] .preview-answer') ?? '', /^error: agent \/run returned HTTP 500 for task 4$/);
    assert.equal(await page.$$eval('#detail .rollout', (found) => found.length), 0, 'no row was opened');

    // A lower-case search finds the rollouts that say "Zanzibar"; exact case finds none.
    await page.fill('#search', 'zanzibar');
    await expectListed(page, ['1:0=1.0', '1:1=0.0', '1:2=0.0']);
    await page.check('#exact-case');
    await expectListed(page, []);
    await page.uncheck('#exact-case');
    await expectListed(page, ['1:0=1.0', '1:1=0.0', '1:2=0.0']);

    // The reward header sorts: highest first, then lowest first (search kept).
    await page.fill('#search', 'look up the weather in city');
    await expectListed(page, ['0:0=1.0', '0:1=1.0', '0:2=1.0', '2:0=0.5', '2:1=0.5', '2:2=0.5', '3:0=0.0', '3:1=0.0', '3:2=0.0']);
    await page.click('#rows-head th.sortable');
    assert.equal(await page.textContent('#rows-head th.sortable'), 'Reward ↓');
    await page.fill('#search', '');
    await expectListed(page, ['0:0=1.0', '0:1=1.0', '0:2=1.0', '1:0=1.0', '2:0=0.5', '2:1=0.5', '2:2=0.5', '1:1=0.0', '1:2=0.0', '3:0=0.0', '3:1=0.0', '3:2=0.0', '4:0=— agent_http_error', '4:1=— timeout']);
    await page.click('#rows-head th.sortable');
    assert.equal(await page.textContent('#rows-head th.sortable'), 'Reward ↑');
    assert.equal(await page.inputValue('#sort'), 'reward');
    await expectListed(page, ['1:1=0.0', '1:2=0.0', '3:0=0.0', '3:1=0.0', '3:2=0.0', '2:0=0.5', '2:1=0.5', '2:2=0.5', '0:0=1.0', '0:1=1.0', '0:2=1.0', '1:0=1.0', '4:0=— agent_http_error', '4:1=— timeout']);
    await page.screenshot({ path: join(ARTIFACTS, 'list-previews.png') });
  }),
);

test('in a real browser: two runs side by side on the same task', { timeout: 60_000 }, async (t) => {
  const browser = await launchBrowser(t);
  if (!browser) return;
  const { dir, remove } = tempDir();
  const path = writeSmallRun(dir, 'run_a');
  const other = join(dir, 'run_b.jsonl');
  writeFileSync(other, jsonl([rolloutRow({ task: 1, rollout: 0, reward: 0, answer: 'Run B thinks it is sunny.' }), rolloutRow({ task: 1, rollout: 1, reward: 1 })]));
  const metrics = { agent_ref: { name: 'weather_agent' }, agent_metrics: { 'mean/reward': 0.5, 'pass@1/reward': 50 }, key_metrics: { 'mean/reward': 0.5 }, group_level_metrics: [] };
  writeFileSync(join(dir, 'run_a_aggregate_metrics.json'), JSON.stringify([metrics], null, 2));
  const viewer = await startViewerProcess([path, `+compare_jsonl_fpath=${other}`]);
  try {
    const { page, problems } = await openPage(browser, viewer.url);
    await page.click('#rows-body tr[data-id="r2"]');
    await page.keyboard.press('ArrowDown'); // the arrow keys walk the list
    await page.waitForSelector('.side-by-side .compare-column .rollout');
    // Wait for the row the arrow key moved to, not the one clicked before it.
    await page.waitForFunction(() => [...document.querySelectorAll('.side-by-side .detail-head .key')].every((element) => element.textContent === 'Task 1 · Rollout 0'), null, { timeout: 10_000 });
    const heads = await page.$$eval('.side-by-side .detail-head .key', (found) => found.map((element) => element.textContent));
    assert.deepEqual(heads, ['Task 1 · Rollout 0', 'Task 1 · Rollout 0']);
    assert.match(await page.textContent('.compare-column .item.final') ?? '', /Run B thinks it is sunny/);
    await page.selectOption('.compare-pick', 'r1');
    await page.waitForFunction(() => document.querySelector('.compare-column .detail-head .key')?.textContent === 'Task 1 · Rollout 1');
    await page.screenshot({ path: join(ARTIFACTS, 'compare.png') });
    await page.click('#tab-charts');
    await page.waitForSelector('.aggregate .fields');
    assert.match(await page.textContent('.aggregate .fields') ?? '', /weather_agent\s*mean\/reward\s*0\.5/);
    await page.screenshot({ path: join(ARTIFACTS, 'charts-compare.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await viewer.stop();
    remove();
  }
});
