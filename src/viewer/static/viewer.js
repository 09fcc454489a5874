// The viewer page: filters, the paged list, one rollout (side by side with the compare run), charts, live updates.
import { chartsFor } from './charts-tab.js';
import { formatReward, getJson, h, replaceChildren, rewardClass } from './dom.js';
import { renderRollout } from './rollout-view.js';

const PAGE_SIZE = 50;
const $ = (id) => document.getElementById(id);
const state = { info: null, offset: 0, cursors: [0], total: null, nextCursor: null, selected: null, tab: 'rollouts', reloadTimer: null, rowsRequest: 0, rolloutRequest: 0 };

function filterParams() {
  return {
    min_reward: $('min-reward').value,
    max_reward: $('max-reward').value,
    agent: $('agent').value,
    failures_only: $('failures-only').checked ? '1' : '',
    q: $('search').value,
    exact: $('exact-case').checked ? '1' : '',
  };
}

function setStatus(indexing) {
  const text = `${indexing.rows.toLocaleString()} rows`;
  $('status-text').textContent = indexing.complete ? `${text} · live` : `${text} · indexing…`;
  $('status').className = indexing.complete ? 'status live' : 'status busy';
}

/** Reward sorting from the column header: highest first, then lowest first, then file order. */
const REWARD_SORTS = { file: 'reward_desc', task: 'reward_desc', reward_desc: 'reward', reward: 'file' };

function renderHead() {
  const sort = $('sort').value;
  const arrow = sort === 'reward_desc' ? ' ↓' : sort === 'reward' ? ' ↑' : '';
  const rewardHead = h('th', { className: 'sortable', title: 'sort by reward', onclick: () => sortBy(REWARD_SORTS[$('sort').value]) }, `Reward${arrow}`);
  const columns = [h('th', {}, 'Task'), h('th', {}, 'Rollout'), h('th', {}, 'Agent'), rewardHead, h('th', {}, 'Failure'), h('th', { title: 'the last user message, then the final answer' }, 'Prompt → answer')];
  if (state.info.b) columns.push(h('th', {}, 'Reward (compare)'));
  replaceChildren($('rows-head'), columns);
}

function sortBy(sort) {
  $('sort').value = sort;
  renderHead();
  resetPaging();
  refresh();
}

/** Two one-line previews: the last user message and the final answer (or the error of a failure). */
function previewCell(row) {
  const answerClass = row.failureClass ? 'preview-answer failed' : 'preview-answer';
  return h(
    'td',
    { className: 'preview' },
    h('div', { className: 'preview-prompt', title: row.prompt ?? '' }, row.prompt ?? '—'),
    h('div', { className: answerClass, title: row.answer ?? '' }, row.answer ?? '—'),
  );
}

/** Enter opens the focused row; the arrow keys (or j/k) move to the next or previous row and open it. */
function onRowKey(event) {
  const row = event.currentTarget;
  const target = event.key === 'Enter' ? row : ['ArrowDown', 'j'].includes(event.key) ? row.nextElementSibling : ['ArrowUp', 'k'].includes(event.key) ? row.previousElementSibling : null;
  if (!target?.dataset.id) return;
  event.preventDefault();
  target.focus();
  selectRow(target.dataset.id).catch(showError);
}

function renderRows(rows) {
  const body = rows.map((row) =>
    h(
      'tr',
      { dataset: { id: row.id }, className: row.id === state.selected ? 'selected' : '', tabIndex: 0, onclick: () => selectRow(row.id), onkeydown: onRowKey },
      h('td', { className: 'num' }, row.task ?? '—'),
      h('td', { className: 'num' }, row.rollout ?? '—'),
      h('td', { className: 'agent', title: row.agent || '' }, row.agent || '—'),
      h('td', {}, h('span', { className: rewardClass(row.reward) }, formatReward(row.reward))),
      h('td', {}, row.failureClass ? h('span', { className: 'failure', title: row.failureClass }, row.failureClass) : ''),
      previewCell(row),
      state.info.b ? h('td', {}, h('span', { className: rewardClass(row.compareReward ?? null) }, formatReward(row.compareReward ?? null))) : null,
    ),
  );
  replaceChildren($('rows-body'), body.length ? body : h('tr', {}, h('td', { colSpan: 7, className: 'muted empty-row' }, 'No rollouts match these filters.')));
}

async function loadRows() {
  const params = { ...filterParams(), sort: $('sort').value, limit: PAGE_SIZE };
  // A search in file order pages through matches as the scan finds them; sorted, it has a total.
  const searching = Boolean(params.q) && params.sort === 'file';
  if (searching) params.cursor = state.cursors.at(-1);
  else params.offset = state.offset;
  const request = ++state.rowsRequest;
  const page = await getJson('/api/rows', params);
  if (request !== state.rowsRequest) return; // a newer filter or page was asked for meanwhile
  state.total = page.total;
  state.nextCursor = page.nextCursor ?? null;
  renderRows(page.rows);
  setStatus(page.indexing);
  if (searching) {
    $('page-info').textContent = page.rows.length ? `page ${state.cursors.length} of matches${page.indexing.complete ? '' : ' (still indexing)'}` : 'no matches';
    $('prev').disabled = state.cursors.length <= 1;
    $('next').disabled = page.nextCursor === null;
  } else {
    const last = Math.min(state.offset + page.rows.length, page.total);
    $('page-info').textContent = page.total ? `${(state.offset + 1).toLocaleString()}–${last.toLocaleString()} of ${page.total.toLocaleString()}` : '0 of 0';
    $('prev').disabled = state.offset === 0;
    $('next').disabled = last >= page.total;
  }
}

async function loadCompare(listing) {
  if (!state.info.b || listing.task === null) return null;
  const match = await getJson('/api/match', { task: listing.task, rollout: listing.rollout });
  const chosen = match.exact ?? match.sameTask[0]?.id;
  if (!chosen) return h('div', { className: 'rollout compare-empty' }, h('p', { className: 'muted' }, `The compare run has no rollout of task ${listing.task}.`));
  const column = h('div', { className: 'compare-column' });
  const show = async (id) => {
    const data = await getJson('/api/rollout', { run: 'b', id });
    const picker = h('select', { className: 'compare-pick', onchange: (event) => show(event.target.value) }, match.sameTask.map((other) => h('option', { value: other.id, selected: other.id === id }, `rollout ${other.rollout ?? '—'} · reward ${formatReward(other.reward)}`)));
    replaceChildren(column, h('label', { className: 'compare-label' }, 'Same task in compare run: ', picker), renderRollout(data, `Compare: ${state.info.b.path.split('/').pop()}`));
  };
  await show(chosen);
  return column;
}

async function selectRow(id) {
  state.selected = id;
  history.replaceState(null, '', `#${id}`);
  for (const tr of $('rows-body').children) tr.classList.toggle('selected', tr.dataset.id === id);
  const request = ++state.rolloutRequest;
  const data = await getJson('/api/rollout', { id });
  if (request !== state.rolloutRequest) return;
  const main = renderRollout(data, state.info.b ? `Run: ${state.info.a.path.split('/').pop()}` : null);
  replaceChildren($('detail'), main);
  $('detail').scrollTop = 0;
  const compare = await loadCompare(data.listing);
  if (compare && request === state.rolloutRequest) replaceChildren($('detail'), h('div', { className: 'side-by-side' }, main, compare));
}

async function loadCharts() {
  const groups = [await chartsFor('a', state.info.b ? state.info.a.path : null, filterParams())];
  if (state.info.b) groups.push(await chartsFor('b', state.info.b.path, filterParams()));
  replaceChildren($('view-charts'), groups);
}

function showTab(tab) {
  state.tab = tab;
  $('view-rollouts').hidden = tab !== 'rollouts';
  $('view-charts').hidden = tab !== 'charts';
  for (const button of document.querySelectorAll('.tab')) button.classList.toggle('active', button.dataset.tab === tab);
  if (tab === 'charts') loadCharts().catch(showError);
}

function showError(error) {
  replaceChildren($('detail'), h('p', { className: 'error' }, String(error.message ?? error)));
}

function resetPaging() {
  state.offset = 0;
  state.cursors = [0];
}

function refresh() {
  loadRows().catch(showError);
  if (state.tab === 'charts') loadCharts().catch(showError);
}

/** Live updates: the server announces new rows; reload the list (and charts) at most twice a second. */
function listenForRows() {
  const events = new EventSource('/api/events');
  events.addEventListener('rows', async (event) => {
    const update = JSON.parse(event.data);
    if (update.run === 'a') setStatus(update);
    clearTimeout(state.reloadTimer);
    state.reloadTimer = setTimeout(async () => {
      const info = await getJson('/api/info');
      if (info.a.agents.length !== state.info.a.agents.length) fillAgents(info.a.agents);
      state.info = info;
      refresh();
    }, 500);
  });
}

function fillAgents(agents) {
  const current = $('agent').value;
  replaceChildren($('agent'), h('option', { value: '' }, 'all agents'), agents.map((agent) => h('option', { value: agent, selected: agent === current }, agent)));
}

async function init() {
  state.info = await getJson('/api/info');
  $('file-name').textContent = state.info.a.path + (state.info.b ? `  vs  ${state.info.b.path}` : '');
  $('file-name').title = state.info.a.path;
  fillAgents(state.info.a.agents);
  renderHead();
  let debounce;
  $('filters').addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => { resetPaging(); refresh(); }, 250);
  });
  $('filters').addEventListener('submit', (event) => event.preventDefault());
  $('sort').addEventListener('change', () => renderHead());
  const pagesByCursor = () => Boolean($('search').value) && $('sort').value === 'file';
  $('prev').addEventListener('click', () => {
    if (pagesByCursor()) state.cursors.pop();
    else state.offset = Math.max(0, state.offset - PAGE_SIZE);
    loadRows().catch(showError);
  });
  $('next').addEventListener('click', () => {
    if (pagesByCursor()) state.cursors.push(state.nextCursor);
    else state.offset += PAGE_SIZE;
    loadRows().catch(showError);
  });
  for (const button of document.querySelectorAll('.tab')) button.addEventListener('click', () => showTab(button.dataset.tab));
  await loadRows();
  const fromHash = location.hash.slice(1);
  if (/^[rf]\d+$/.test(fromHash)) selectRow(fromHash).catch(showError);
  listenForRows();
}

init().catch(showError);
