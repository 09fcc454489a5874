import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadBaseData } from '../lib/base-data.ts';
import { STATE_CHANGING_TOOLS } from '../lib/tools/index.ts';
import { replay, rewardFor, workspacesEqual, type FunctionCall } from '../lib/verify.ts';
import { createWorkspace } from '../lib/workspace.ts';

const base = loadBaseData(fileURLToPath(new URL('../csv_data', import.meta.url)));
const rowsOf = (split: string): { ground_truth: FunctionCall[] }[] =>
  readFileSync(new URL(`../data/${split}.jsonl`, import.meta.url), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const allRows = [...rowsOf('example'), ...rowsOf('train'), ...rowsOf('validation')];

test('every ground truth of example, train and validation replays to reward 1.0 and changes the data', () => {
  assert.equal(allRows.length, 265);
  for (const row of allRows) {
    assert.equal(rewardFor(base, row.ground_truth, row.ground_truth), 1.0);
    assert.equal(workspacesEqual(replay(base, row.ground_truth), createWorkspace(base)), false);
  }
});

test('changing one argument of a state-changing call gives 0.0', () => {
  for (const row of allRows) {
    const index = row.ground_truth.findIndex((call) => STATE_CHANGING_TOOLS.has(call.name as string));
    const call = row.ground_truth[index]!;
    const args = JSON.parse(call.arguments as string);
    const key = Object.keys(args).find((name) => !['recipient', 'participant_email', 'assigned_to_email'].includes(name)) ?? Object.keys(args)[0]!;
    args[key] = key.endsWith('_id') ? '99999999' : `${args[key]} changed`;
    const predicted = row.ground_truth.with(index, { name: call.name, arguments: JSON.stringify(args) });
    assert.equal(rewardFor(base, predicted, row.ground_truth), 0.0, `${call.name} with ${key} changed`);
  }
});

test('read-only calls, failing calls and bad JSON never change the outcome', () => {
  const reads: FunctionCall[] = [
    { name: 'email_search_emails', arguments: '{"query": "budget"}' },
    { name: 'calendar_search_events', arguments: '{"query": "sync", "page": 2}' },
    { name: 'analytics_total_visits_count', arguments: '{"time_min": "2023-10-01"}' },
    { name: 'customer_relationship_manager_search_customers', arguments: '{"status": "Won"}' },
    { name: 'no_such_tool', arguments: '{}' },
    { name: 'email_send_email', arguments: '{not json' },
    { name: 'email_send_email', arguments: '{"to": "x@y.com"}' },
    { name: 'email_delete_email', arguments: '{"email_id": "nope"}' },
  ];
  for (const row of allRows.slice(0, 40)) {
    assert.equal(rewardFor(base, [...reads, ...row.ground_truth, ...reads], row.ground_truth), 1.0);
  }
});

test('normalisation: case differences are ignored except in status, list_name and board; a number is not its string', () => {
  const gt = [{ name: 'calendar_create_event', arguments: '{"event_name": "Sync", "participant_email": "raj.patel@atlas.com", "event_start": "2023-12-01 10:00:00", "duration": "30"}' }];
  const upper = [{ name: 'calendar_create_event', arguments: '{"event_name": "SYNC", "participant_email": "Raj.Patel@atlas.com", "event_start": "2023-12-01 10:00:00", "duration": "30"}' }];
  const numeric = [{ name: 'calendar_create_event', arguments: '{"event_name": "Sync", "participant_email": "raj.patel@atlas.com", "event_start": "2023-12-01 10:00:00", "duration": 30}' }];
  assert.equal(rewardFor(base, upper, gt), 1.0);
  assert.equal(rewardFor(base, numeric, gt), 0.0);
  const status = (value: string) => [{ name: 'customer_relationship_manager_update_customer', arguments: JSON.stringify({ customer_id: '00000003', field: 'status', new_value: value }) }];
  assert.equal(rewardFor(base, status('Won'), status('Won')), 1.0);
  // 'won' is rejected by the tool, so that replay leaves the table unchanged.
  assert.equal(rewardFor(base, status('won'), status('Won')), 0.0);
});

test('ids follow string max (EmailTool.send_email): the second sent email gets 501; sends renumber the index (ignore_index)', () => {
  const send = { name: 'email_send_email', arguments: '{"recipient": "a@b.com", "subject": "s", "body": "b"}' };
  const twice = replay(base, [send, send]);
  assert.deepEqual(twice.emails.rows.slice(-2).map((row) => row.email_id), ['500', '501']);
  const afterDelete = replay(base, [{ name: 'email_delete_email', arguments: '{"email_id": "00000010"}' }, send]);
  assert.equal(afterDelete.emails.length, 500);
  assert.equal(afterDelete.emails.rows.at(-1)!.email_id, '500');
  assert.deepEqual(afterDelete.emails.labels, afterDelete.emails.rows.map((_, index) => index));
});

test('a column that once held a non-string keeps the object dtype, and DataFrame.equals tells the dtypes apart', () => {
  const numeric = '{"event_name": "Sync", "participant_email": "raj.patel@atlas.com", "event_start": "2023-12-01 10:00:00", "duration": 30}';
  const createThenDelete = [
    { name: 'calendar_create_event', arguments: numeric },
    { name: 'calendar_delete_event', arguments: '{"event_id": "00000300"}' },
  ];
  const workspace = replay(base, createThenDelete);
  assert.equal(workspace.calendarEvents.length, 300);
  assert.equal(workspace.calendarEvents.dtype('duration'), 'object');
  assert.equal(rewardFor(base, createThenDelete, []), 0.0);
});
