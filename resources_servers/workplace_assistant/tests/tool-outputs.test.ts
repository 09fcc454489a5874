// What a model reads back from each tool: the exact HTTP body NeMo Gym's workplace_assistant server (the Python
// code at resources_servers/workplace_assistant/workplace_assistant_tools/*.py and app.py) answers for the same
// calls over csv_data/. Every test names the Python function it mirrors and runs its success path and each error
// path in one seeded session; an expected text is the JSON of `output` unless a status is given (then the body).
// The texts were read off the Python code and checked by running it (scripts/python_reference_outputs.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { descendantsOf, waitUntilGone } from '../../../test/helpers/processes.ts';
import { postJson, startKitServers, type KitServerGroup } from '../../../test/kit/kit-servers.ts';
import { WORKPLACE_TOOL_SCHEMAS } from '../lib/tool-schemas.ts';
import { WORKPLACE_TOOLS } from '../lib/tools/index.ts';

let group: KitServerGroup;
let url: string;

before(async () => {
  group = await startKitServers([
    { name: 'workplace_assistant', kind: 'resources_servers', implementation: 'workplace_assistant', dir: 'resources_servers/workplace_assistant', config: { data_dir: 'csv_data' } },
  ]);
  url = group.url('workplace_assistant');
});

after(async () => {
  const pids = [...group.pids(), ...group.pids().flatMap(descendantsOf)];
  await group.stop();
  assert.deepEqual(await waitUntilGone(pids, 2_000), []);
});

async function seededCookie(): Promise<string> {
  const seeded = await postJson(`${url}/seed_session`, {});
  assert.equal(seeded.status, 200);
  assert.equal(seeded.text, '{}');
  const cookie = seeded.setCookies[0]!.split(';')[0]!;
  assert.match(cookie, /^WorkbenchResourcesServer___workplace_assistant=/);
  return cookie;
}

/** Runs [tool, request body, expected output JSON (or whole body), status?] in one fresh session. */
async function expectAnswers(calls: [string, string, string, number?][]): Promise<void> {
  const cookie = await seededCookie();
  for (const [tool, request, expected, status = 200] of calls) {
    const reply = await postJson(`${url}/${tool}`, request, { cookie });
    const body = status === 200 ? `{"output":${expected}}` : expected;
    assert.equal(`${reply.status} ${reply.text}`, `${status} ${body}`, `${tool} ${request}`);
  }
}

test('the tools, their order and their schemas are NeMo Gym\'s 27 (utils.get_tools)', () => {
  assert.equal(WORKPLACE_TOOL_SCHEMAS.length, 27);
  assert.deepEqual(WORKPLACE_TOOL_SCHEMAS.map((schema) => schema.name), [...WORKPLACE_TOOLS.keys()]);
  for (const schema of WORKPLACE_TOOL_SCHEMAS) {
    assert.deepEqual(Object.keys(schema.parameters.properties).sort(), [...WORKPLACE_TOOLS.get(schema.name)!.parameters].sort());
  }
});

test('without a seeded session every tool answers 400 (WorkbenchResourcesServer.route_to_python_function)', async () => {
  const reply = await postJson(`${url}/email_search_emails`, { query: 'x' });
  assert.equal(`${reply.status} ${reply.text}`, '400 {"detail":"Session not initialized. Please call seed_session first."}');
});

test('verify scores by replay, echoes the request fields as WorkbenchVerifyResponse does, and frees the session', async () => {
  const cookie = await seededCookie();
  const row = JSON.parse(readFileSync(new URL('../data/example.jsonl', import.meta.url), 'utf8').split('\n')[0]!);
  const output = row.ground_truth.map((item: { name: string; arguments: string }, index: number) => ({ type: 'function_call', call_id: `c${index}`, ...item }));
  const good = await postJson(`${url}/verify`, { ...row, response: { id: 'r', output } }, { cookie });
  assert.equal(good.status, 200);
  assert.equal(good.body.reward, 1.0);
  assert.deepEqual([good.body.ground_truth, good.body.id, good.body.category, good.body.environment_name], [row.ground_truth, row.id, row.category, row.environment_name]);
  const after = await postJson(`${url}/email_search_emails`, { query: 'x' }, { cookie });
  assert.equal(after.status, 400, 'the session is gone after /verify');
  const bad = await postJson(`${url}/verify`, { ...row, response: { id: 'r', output: [] } });
  assert.equal(bad.body.reward, 0.0);
  const missing = await postJson(`${url}/verify`, { responses_create_params: row.responses_create_params, response: { id: 'r', output: [] }, ground_truth: [] });
  assert.equal(missing.status, 422, 'id, category and environment_name are required there too');
});

test('CompanyDirectoryTool.find_email_address: missing name, case-insensitive match, no match, bad regex, non-string name', async () => {
  await expectAnswers([
    ['company_directory_find_email_address', '{}', '"Name not provided."'],
    ['company_directory_find_email_address', '{"name": "RAJ"}', '["raj.patel@atlas.com"]'],
    ['company_directory_find_email_address', '{"name": "nobody"}', '[]'],
    ['company_directory_find_email_address', '{"name": "("}', '"Error executing tool \'company_directory_find_email_address\': Invalid regular expression: missing ): ("'],
    ['company_directory_find_email_address', '{"name": "c++"}', '"Error executing tool \'company_directory_find_email_address\': Invalid regular expression: bad repetition operator: ++"'],
    ['company_directory_find_email_address', '{"name": 5}', '"Error executing tool \'company_directory_find_email_address\': \'int\' object has no attribute \'lower\'"'],
  ]);
});

test('EmailTool.get_email_information_by_id: missing id or field, a field, an unknown field, not found, a list id', async () => {
  await expectAnswers([
    ['email_get_email_information_by_id', '{"field": "subject"}', '"Email ID not provided."'],
    ['email_get_email_information_by_id', '{"email_id": "00000003"}', '"Field not provided."'],
    ['email_get_email_information_by_id', '{"email_id": "00000003", "field": "subject"}', '{"subject":"Team offsite question #4"}'],
    ['email_get_email_information_by_id', '{"email_id": "00000003", "field": "color"}', '"Field \'color\' not found. Available fields: email_id, inbox/outbox, sender/recipient, subject, sent_datetime, body"'],
    ['email_get_email_information_by_id', '{"email_id": "3", "field": "subject"}', '"Email not found."'],
    ['email_get_email_information_by_id', '{"email_id": ["a"], "field": "subject"}', '"Error retrieving email information: (\'Lengths must match to compare\', (500,), (1,))"'],
    ['email_get_email_information_by_id', '{"email_id": "00000003", "field": ["a"]}', '"Error retrieving email information: unhashable type: \'list\'"'],
  ]);
});

test('EmailTool.search_emails: newest first with pagination, page clamped, nothing found, bad dates, bad page types', async () => {
  await expectAnswers([
    ['email_search_emails', '{"query": "Sprint retrospective", "date_min": "2023-11-01", "page_size": 1}', '{"emails":[{"email_id":"00000328","inbox/outbox":"inbox","sender/recipient":"amir.sharif@atlas.com","subject":"Sprint retrospective question #329","sent_datetime":"2023-11-26 13:54:54","body":"Hello Amir,\\\\n\\\\nHappy to jump on a call if that helps. The sprint retrospective is on my list for this week. Happy to jump on a call if that helps.\\\\n\\\\nBest,\\\\nAtlas Team"}],"pagination":{"total_emails":8,"page":1,"page_size":1,"total_pages":8}}'],
    ['email_search_emails', '{"query": "sprint retrospective", "date_min": "2023-11-20", "page": 99, "page_size": 1}', '{"emails":[{"email_id":"00000152","inbox/outbox":"inbox","sender/recipient":"yuki.tanaka@atlas.com","subject":"Sprint retrospective update #153","sent_datetime":"2023-11-22 11:39:16","body":"Dear team Yuki,\\\\n\\\\nHappy to jump on a call if that helps. The sprint retrospective is on my list for this week. Could you take a look and share your thoughts?\\\\n\\\\nBest,\\\\nAtlas Team"}],"pagination":{"total_emails":4,"page":4,"page_size":1,"total_pages":4}}'],
    ['email_search_emails', '{"query": "zzzz nothing"}', '"No emails found."'],
    ['email_search_emails', '{"query": "sprint", "date_min": "not a date"}', '"Error searching emails: Unknown datetime string format, unable to parse: not a date"'],
    ['email_search_emails', '{"query": "sprint", "date_max": "2023-13-45"}', '"Error searching emails: month must be in 1..12: 2023-13-45"'],
    ['email_search_emails', '{"query": "sprint", "date_min": true}', '"Error searching emails: Cannot convert input [True] of type <class \'bool\'> to Timestamp"'],
    ['email_search_emails', '{"query": "sprint", "page_size": 0}', '"Error searching emails: integer division or modulo by zero"'],
    ['email_search_emails', '{"query": "sprint", "page": "2"}', '"Error searching emails: \'<\' not supported between instances of \'int\' and \'str\'"'],
    ['email_search_emails', '{"query": "sprint", "page": 2.0}', '"Error searching emails: slice indices must be integers or None or have an __index__ method"'],
    ['email_search_emails', '{"query": 7}', '"Error searching emails: \'int\' object has no attribute \'lower\'"'],
  ]);
});

test('EmailTool.send_email: missing fields, recipient without @ or dot, success (id max+1, lower-cased, the fixed time), non-iterable recipient', async () => {
  await expectAnswers([
    ['email_send_email', '{"recipient": "raj.patel@atlas.com", "subject": "Hi"}', '"Recipient, subject, or body not provided."'],
    ['email_send_email', '{"recipient": "kofi", "subject": "Hi", "body": "B"}', '"Invalid recipient email address."'],
    ['email_send_email', '{"recipient": "Kofi.Mensah@Atlas.com", "subject": "Hi", "body": "B"}', '"Email sent successfully."'],
    ['email_get_email_information_by_id', '{"email_id": "500", "field": "sender/recipient"}', '{"sender/recipient":"kofi.mensah@atlas.com"}'],
    ['email_get_email_information_by_id', '{"email_id": "500", "field": "sent_datetime"}', '{"sent_datetime":"2023-11-30 23:59:00"}'],
    ['email_send_email', '{"recipient": 7, "subject": "Hi", "body": "B"}', '"Error executing tool \'email_send_email\': argument of type \'int\' is not iterable"'],
  ]);
});

test('EmailTool.delete_email: missing id, success, not found, a dict id', async () => {
  await expectAnswers([
    ['email_delete_email', '{}', '"Email ID not provided."'],
    ['email_delete_email', '{"email_id": "00000004"}', '"Email deleted successfully."'],
    ['email_delete_email', '{"email_id": "00000004"}', '"Email not found."'],
    ['email_delete_email', '{"email_id": {"a": 1}}', '"Error deleting email: eq not implemented for <class \'dict\'>"'],
  ]);
});

test('EmailTool.forward_email: missing arguments, recipient validated before the lookup, not found, success', async () => {
  await expectAnswers([
    ['email_forward_email', '{"email_id": "00000005"}', '"Email ID or recipient not provided."'],
    ['email_forward_email', '{"email_id": "99999999", "recipient": "kofi"}', '"Invalid recipient email address."'],
    ['email_forward_email', '{"email_id": "99999999", "recipient": "kofi.mensah@atlas.com"}', '"Email not found."'],
    ['email_forward_email', '{"email_id": "00000005", "recipient": "Kofi.Mensah@atlas.com"}', '"Email forwarded successfully."'],
    ['email_get_email_information_by_id', '{"email_id": "500", "field": "subject"}', '{"subject":"FW: Customer survey question #6"}'],
  ]);
});

test('EmailTool.reply_email: missing arguments, not found, success to the original sender', async () => {
  await expectAnswers([
    ['email_reply_email', '{"email_id": "00000006"}', '"Email ID or body not provided."'],
    ['email_reply_email', '{"email_id": "99999999", "body": "Thanks"}', '"Email not found."'],
    ['email_reply_email', '{"email_id": "00000003", "body": "Thanks"}', '"Email replied successfully."'],
    ['email_get_email_information_by_id', '{"email_id": "500", "field": "sender/recipient"}', '{"sender/recipient":"santiago.rivera@atlas.com"}'],
  ]);
});

test('CalendarTool.get_event_information_by_id: missing id or field, the 8-digit check, an invalid field, not found, a field', async () => {
  await expectAnswers([
    ['calendar_get_event_information_by_id', '{"field": "event_name"}', '"Event ID not provided."'],
    ['calendar_get_event_information_by_id', '{"event_id": "00000001"}', '"Field not provided."'],
    ['calendar_get_event_information_by_id', '{"event_id": "1", "field": "event_name"}', '"Invalid event ID format. Expected 8-digit ID."'],
    ['calendar_get_event_information_by_id', '{"event_id": "00000001", "field": "color"}', '"Invalid field. Available fields are: event_id, event_name, participant_email, event_start, duration"'],
    ['calendar_get_event_information_by_id', '{"event_id": "99999999", "field": "event_name"}', '"Event not found."'],
    ['calendar_get_event_information_by_id', '{"event_id": "00000001", "field": "duration"}', '{"duration":"30"}'],
  ]);
});

test('CalendarTool.search_events: start-time bounds, newest first, paging, invalid bounds, nothing found', async () => {
  await expectAnswers([
    ['calendar_search_events', '{"query": "vendor meeting", "time_min": "2023-12-26 00:00:00", "time_max": "2023-12-26 23:59:59"}', '{"events":[{"event_id":"00000000","event_name":"Vendor meeting","participant_email":"carlos.mendez@atlas.com","event_start":"2023-12-26 12:00:00","duration":"90"}],"pagination":{"total_events":1,"page":1,"page_size":5,"total_pages":1}}'],
    ['calendar_search_events', '{"query": "SYNC", "page": 2, "page_size": 1}', '{"events":[{"event_id":"00000003","event_name":"Procurement sync","participant_email":"fatima.ahmed@atlas.com","event_start":"2023-12-23 15:00:00","duration":"60"}],"pagination":{"total_events":38,"page":2,"page_size":1,"total_pages":38}}'],
    ['calendar_search_events', '{"query": "sync", "time_min": "next week"}', '"Invalid time_min format. Expected YYYY-MM-DD HH:MM:SS."'],
    ['calendar_search_events', '{"query": "sync", "time_max": "2023-02-30 10:00:00"}', '"Invalid time_max format. Expected YYYY-MM-DD HH:MM:SS."'],
    ['calendar_search_events', '{"query": "sync", "time_min": "2023-12-01T09:00:00Z"}', '"Error executing tool \'calendar_search_events\': Cannot compare tz-naive and tz-aware timestamps"'],
    ['calendar_search_events', '{"query": "no such meeting"}', '"No events found."'],
    ['calendar_search_events', '{"query": "sync", "page_size": 0}', '"Error executing tool \'calendar_search_events\': integer division or modulo by zero"'],
  ]);
});

test('CalendarTool.create_event: each missing argument, the YYYY-MM-DD HH:MM:SS check, duration checks, success', async () => {
  await expectAnswers([
    ['calendar_create_event', '{"participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00", "duration": "30"}', '"Event name not provided."'],
    ['calendar_create_event', '{"event_name": "Sync", "event_start": "2023-12-04 10:00:00", "duration": "30"}', '"Participant email not provided."'],
    ['calendar_create_event', '{"event_name": "Sync", "participant_email": "a@b.com", "duration": "30"}', '"Event start not provided."'],
    ['calendar_create_event', '{"event_name": "Sync", "participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00"}', '"Event duration not provided."'],
    ['calendar_create_event', '{"event_name": "Sync", "participant_email": "a@b.com", "event_start": "tomorrow at 10", "duration": "30"}', '"Invalid event_start format. Expected YYYY-MM-DD HH:MM:SS."'],
    ['calendar_create_event', '{"event_name": "Sync", "participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00", "duration": "-5"}', '"Duration must be a positive number of minutes."'],
    ['calendar_create_event', '{"event_name": "Sync", "participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00", "duration": "30.5"}', '"Invalid duration format. Expected a number of minutes."'],
    ['calendar_create_event', '{"event_name": "Sync", "participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00", "duration": ["30"]}', '"Error executing tool \'calendar_create_event\': int() argument must be a string, a bytes-like object or a real number, not \'list\'"'],
    ['calendar_create_event', '{"event_name": "Sync", "participant_email": "Raj.Patel@atlas.com", "event_start": "2023-12-04 10:00:00", "duration": "30"}', '"00000300"'],
    ['calendar_get_event_information_by_id', '{"event_id": "00000300", "field": "participant_email"}', '{"participant_email":"raj.patel@atlas.com"}'],
  ]);
});

test('CalendarTool.delete_event: missing id, the 8-digit check, success, not found', async () => {
  await expectAnswers([
    ['calendar_delete_event', '{}', '"Event ID not provided."'],
    ['calendar_delete_event', '{"event_id": "2"}', '"Invalid event ID format. Expected 8-digit ID."'],
    ['calendar_delete_event', '{"event_id": "00000002"}', '"Event deleted successfully."'],
    ['calendar_delete_event', '{"event_id": "00000002"}', '"Event not found."'],
  ]);
});

test('CalendarTool.update_event: missing arguments, the 8-digit check, an invalid field, value checks, not found, success, a non-string value', async () => {
  await expectAnswers([
    ['calendar_update_event', '{"event_id": "00000003", "field": "event_name"}', '"Event ID, field, or new value not provided."'],
    ['calendar_update_event', '{"event_id": "3", "field": "event_name", "new_value": "x"}', '"Invalid event ID format. Expected 8-digit ID."'],
    ['calendar_update_event', '{"event_id": "00000003", "field": "event_id", "new_value": "00000009"}', '"Invalid field. Available fields are: event_name, participant_email, event_start, duration"'],
    ['calendar_update_event', '{"event_id": "00000003", "field": "event_start", "new_value": "soon"}', '"Invalid event_start format. Expected YYYY-MM-DD HH:MM:SS."'],
    ['calendar_update_event', '{"event_id": "00000003", "field": "duration", "new_value": "0"}', '"Duration must be a positive number of minutes."'],
    ['calendar_update_event', '{"event_id": "00000003", "field": "duration", "new_value": "ninety"}', '"Invalid duration format. Expected a number of minutes."'],
    ['calendar_update_event', '{"event_id": "99999999", "field": "event_name", "new_value": "x"}', '"Event not found."'],
    ['calendar_update_event', '{"event_id": "00000003", "field": "participant_email", "new_value": "Someone@Atlas.com"}', '"Event updated successfully."'],
    ['calendar_get_event_information_by_id', '{"event_id": "00000003", "field": "participant_email"}', '{"participant_email":"someone@atlas.com"}'],
    ['calendar_update_event', '{"event_id": "00000003", "field": "duration", "new_value": 45}', '"Error executing tool \'calendar_update_event\': Invalid value \'45\' for dtype \'str\'. Value should be a string or missing value, got \'int\' instead."'],
  ]);
});

test('AnalyticsTool.get_visitor_information_by_id: missing id, a visitor\'s rows, not found', async () => {
  await expectAnswers([
    ['analytics_get_visitor_information_by_id', '{}', '"Visitor ID not provided."'],
    ['analytics_get_visitor_information_by_id', '{"visitor_id": "d599z53"}', '[{"date_of_visit":"2023-08-01","visitor_id":"d599z53","page_views":"14","session_duration_seconds":"311","traffic_source":"direct","user_engaged":false}]'],
    ['analytics_get_visitor_information_by_id', '{"visitor_id": "nobody"}', '"Visitor not found."'],
  ]);
});

test('AnalyticsTool.create_plot: missing dates, exactly the value names it accepts, plot types, the file path', async () => {
  await expectAnswers([
    ['analytics_create_plot', '{"time_max": "2023-08-31", "value_to_plot": "total_visits", "plot_type": "bar"}', '"Start date not provided."'],
    ['analytics_create_plot', '{"time_min": "2023-08-01", "value_to_plot": "total_visits", "plot_type": "bar"}', '"End date not provided."'],
    ['analytics_create_plot', '{"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "direct", "plot_type": "bar"}', '"Value to plot must be one of \'total_visits\', \'session_duration_seconds\', \'user_engaged\', \'visits_direct\', \'visits_referral\', \'visits_search_engine\', \'visits_social_media\'"'],
    ['analytics_create_plot', '{"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "visits_direct", "plot_type": "pie"}', '"Plot type must be one of \'bar\', \'line\', \'scatter\', or \'histogram\'"'],
    ['analytics_create_plot', '{"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "visits_direct", "plot_type": "line"}', '"plots/2023-08-01_2023-08-31_visits_direct_line.png"'],
    ['analytics_create_plot', '{"time_min": 1e-05, "time_max": 1e16, "value_to_plot": "user_engaged", "plot_type": "bar"}', '"plots/1e-05_1e+16_user_engaged_bar.png"'],
  ]);
});

test('AnalyticsTool counts: per-date dicts, Python\'s floats (685.0), a non-string bound', async () => {
  await expectAnswers([
    ['analytics_total_visits_count', '{"time_min": "2023-08-01", "time_max": "2023-08-03"}', '{"2023-08-01":10,"2023-08-02":8,"2023-08-03":7}'],
    ['analytics_engaged_users_count', '{"time_min": "2023-08-01", "time_max": "2023-08-03"}', '{"2023-08-01":3,"2023-08-02":2,"2023-08-03":4}'],
    ['analytics_traffic_source_count', '{"time_min": "2023-08-01", "time_max": "2023-08-03", "traffic_source": "direct"}', '{"2023-08-01":4,"2023-08-02":2,"2023-08-03":0}'],
    ['analytics_traffic_source_count', '{"time_min": "2023-08-01", "time_max": "2023-08-03"}', '{"2023-08-01":10,"2023-08-02":8,"2023-08-03":7}'],
    ['analytics_get_average_session_duration', '{"time_min": "2023-08-04", "time_max": "2023-08-05"}', '{"2023-08-04":429.4,"2023-08-05":685.0}'],
    ['analytics_total_visits_count', '{"time_min": 20230801}', '"Error executing tool \'analytics_total_visits_count\': Invalid comparison between dtype=str and int"'],
  ]);
});

test('AnalyticsTool.get_average_session_duration without a start date turns the durations into floats for the session', async () => {
  await expectAnswers([
    ['analytics_get_average_session_duration', '{"time_max": "2023-08-01"}', '{"2023-08-01":473.7}'],
    ['analytics_get_visitor_information_by_id', '{"visitor_id": "d599z53"}', '[{"date_of_visit":"2023-08-01","visitor_id":"d599z53","page_views":"14","session_duration_seconds":"311","traffic_source":"direct","user_engaged":false}]'],
    ['analytics_get_average_session_duration', '{}', '{"2023-08-01":473.7,"2023-08-02":260.625,"2023-08-03":543.8571428571429,"2023-08-04":429.4,"2023-08-05":685.0,"2023-08-06":583.0,"2023-08-07":565.6666666666666,"2023-08-08":465.0,"2023-08-09":407.4,"2023-08-10":489.4,"2023-08-11":444.625,"2023-08-12":374.8,"2023-08-13":433.4,"2023-08-14":496.8888888888889,"2023-08-15":325.625,"2023-08-16":299.875,"2023-08-17":420.0,"2023-08-18":522.3636363636364,"2023-08-19":336.22222222222223,"2023-08-20":353.6666666666667,"2023-08-21":545.2,"2023-08-22":445.9,"2023-08-23":593.1,"2023-08-24":331.125,"2023-08-25":455.2,"2023-08-26":458.2857142857143,"2023-08-27":453.3333333333333,"2023-08-28":570.1111111111111,"2023-08-29":486.5,"2023-08-30":547.8333333333334,"2023-08-31":427.45454545454544,"2023-09-01":474.6,"2023-09-02":569.3076923076923,"2023-09-03":543.6666666666666,"2023-09-04":514.0,"2023-09-05":481.85714285714283,"2023-09-06":405.1333333333333,"2023-09-07":481.2,"2023-09-08":371.25,"2023-09-09":411.2857142857143,"2023-09-10":548.8333333333334,"2023-09-11":465.3076923076923,"2023-09-12":462.5,"2023-09-13":439.90909090909093,"2023-09-14":395.6,"2023-09-15":453.8,"2023-09-16":588.0,"2023-09-17":446.0,"2023-09-18":348.09090909090907,"2023-09-19":495.7,"2023-09-20":550.0,"2023-09-21":406.85714285714283,"2023-09-22":599.25,"2023-09-23":437.2142857142857,"2023-09-24":473.7,"2023-09-25":425.57142857142856,"2023-09-26":233.25,"2023-09-27":494.44444444444446,"2023-09-28":369.2,"2023-09-29":329.5,"2023-09-30":431.875,"2023-10-01":415.3636363636364,"2023-10-02":336.5,"2023-10-03":420.6363636363636,"2023-10-04":478.6666666666667,"2023-10-05":485.3636363636364,"2023-10-06":492.0,"2023-10-07":330.3333333333333,"2023-10-08":364.72727272727275,"2023-10-09":421.125,"2023-10-10":358.7142857142857,"2023-10-11":545.2857142857143,"2023-10-12":433.0,"2023-10-13":488.5,"2023-10-14":415.75,"2023-10-15":590.6666666666666,"2023-10-16":410.75,"2023-10-17":601.8,"2023-10-18":271.0,"2023-10-19":322.25,"2023-10-20":645.75,"2023-10-21":429.3333333333333,"2023-10-22":614.0,"2023-10-23":384.0,"2023-10-24":408.5,"2023-10-25":483.8,"2023-10-26":599.75,"2023-10-27":442.2857142857143,"2023-10-28":404.4375,"2023-10-29":413.42857142857144,"2023-10-30":417.75,"2023-10-31":582.2857142857143,"2023-11-01":566.2,"2023-11-02":479.3333333333333,"2023-11-03":435.0833333333333,"2023-11-04":458.7142857142857,"2023-11-05":218.2,"2023-11-06":319.15384615384613,"2023-11-07":276.8888888888889,"2023-11-08":438.55555555555554,"2023-11-09":459.6,"2023-11-10":572.1666666666666,"2023-11-11":400.2857142857143,"2023-11-12":532.8571428571429,"2023-11-13":510.25,"2023-11-14":317.1111111111111,"2023-11-15":423.7,"2023-11-16":449.0,"2023-11-17":567.1,"2023-11-18":307.0,"2023-11-19":478.4166666666667,"2023-11-20":536.5,"2023-11-21":490.4,"2023-11-22":467.5,"2023-11-23":455.57142857142856,"2023-11-24":648.4285714285714,"2023-11-25":389.5,"2023-11-26":439.0,"2023-11-27":353.5,"2023-11-28":494.8,"2023-11-29":345.75,"2023-11-30":399.5}'],
    ['analytics_get_visitor_information_by_id', '{"visitor_id": "d599z53"}', '[{"date_of_visit":"2023-08-01","visitor_id":"d599z53","page_views":"14","session_duration_seconds":311.0,"traffic_source":"direct","user_engaged":false}]'],
  ]);
});

test('ProjectManagementTool.get_task_information_by_id: missing id or field, a field, an unknown field, not found', async () => {
  await expectAnswers([
    ['project_management_get_task_information_by_id', '{"field": "task_name"}', '"Task ID not provided."'],
    ['project_management_get_task_information_by_id', '{"task_id": "00000001"}', '"Field not provided."'],
    ['project_management_get_task_information_by_id', '{"task_id": "00000001", "field": "board"}', '{"board":"Design"}'],
    ['project_management_get_task_information_by_id', '{"task_id": "00000001", "field": "color"}', '"Field not found."'],
    ['project_management_get_task_information_by_id', '{"task_id": "1", "field": "board"}', '"Task not found."'],
  ]);
});

test('ProjectManagementTool.search_tasks: no parameters, the email format check, exact assignee match, substring filters', async () => {
  await expectAnswers([
    ['project_management_search_tasks', '{}', '"No search parameters provided."'],
    ['project_management_search_tasks', '{"assigned_to_email": "kofi@atlas"}', '"Invalid email format for assigned_to_email."'],
    ['project_management_search_tasks', '{"assigned_to_email": 7}', '"Error executing tool \'project_management_search_tasks\': expected string or bytes-like object, got \'int\'"'],
    ['project_management_search_tasks', '{"assigned_to_email": "KOFI.MENSAH@atlas.com", "list_name": "backlog", "board": "design", "due_date": "2023-10"}', '[{"task_id":"00000028","task_name":"Document help center 29","assigned_to_email":"kofi.mensah@atlas.com","list_name":"Backlog","due_date":"2023-10-02","board":"Design"},{"task_id":"00000276","task_name":"Fix style guide 277","assigned_to_email":"kofi.mensah@atlas.com","list_name":"Backlog","due_date":"2023-10-27","board":"Design"}]'],
    ['project_management_search_tasks', '{"task_name": "zzz"}', '[]'],
  ]);
});

test('ProjectManagementTool.create_task: missing details, assignee, list and board checks, success', async () => {
  await expectAnswers([
    ['project_management_create_task', '{"task_name": "x"}', '"Missing task details."'],
    ['project_management_create_task', '{"task_name": "x", "assigned_to_email": "who@atlas.com", "list_name": "Backlog", "due_date": "2023-12-10", "board": "Design"}', '"Assignee email not valid. Please choose from the list of team members."'],
    ['project_management_create_task', '{"task_name": "x", "assigned_to_email": "kofi.mensah@atlas.com", "list_name": "Todo", "due_date": "2023-12-10", "board": "Design"}', '"List not valid. Please choose from: \'Backlog\', \'In Progress\', \'In Review\', \'Completed\'."'],
    ['project_management_create_task', '{"task_name": "x", "assigned_to_email": "kofi.mensah@atlas.com", "list_name": "Backlog", "due_date": "2023-12-10", "board": "Kitchen"}', '"Board not valid. Please choose from: \'Back end\', \'Front end\', \'Design\'."'],
    ['project_management_create_task', '{"task_name": "Ship it", "assigned_to_email": "KOFI.MENSAH@atlas.com", "list_name": "Backlog", "due_date": "2023-12-10", "board": "Design"}', '"00000300"'],
    ['project_management_search_tasks', '{"task_name": "ship it"}', '[{"task_id":"00000300","task_name":"Ship it","assigned_to_email":"kofi.mensah@atlas.com","list_name":"Backlog","due_date":"2023-12-10","board":"Design"}]'],
  ]);
});

test('ProjectManagementTool.delete_task: missing id, success, not found', async () => {
  await expectAnswers([
    ['project_management_delete_task', '{}', '"Task ID not provided."'],
    ['project_management_delete_task', '{"task_id": "00000002"}', '"Task deleted successfully."'],
    ['project_management_delete_task', '{"task_id": "00000002"}', '"Task not found."'],
  ]);
});

test('ProjectManagementTool.update_task: missing arguments, board, list and assignee checks before the lookup, not found, unknown field, success', async () => {
  await expectAnswers([
    ['project_management_update_task', '{"task_id": "00000003", "field": "board"}', '"Task ID, field, or new value not provided."'],
    ['project_management_update_task', '{"task_id": "99999999", "field": "board", "new_value": "Kitchen"}', '"Board not valid. Please choose from: \'Back end\', \'Front end\', \'Design\'."'],
    ['project_management_update_task', '{"task_id": "00000003", "field": "list_name", "new_value": "Todo"}', '"List not valid. Please choose from: \'Backlog\', \'In Progress\', \'In Review\', \'Completed\'."'],
    ['project_management_update_task', '{"task_id": "00000003", "field": "assigned_to_email", "new_value": "who@atlas.com"}', '"Assignee email not valid. Please choose from the list of team members."'],
    ['project_management_update_task', '{"task_id": "99999999", "field": "task_name", "new_value": "x"}', '"Task not found."'],
    ['project_management_update_task', '{"task_id": "00000003", "field": "colour", "new_value": "x"}', '"Field not valid."'],
    ['project_management_update_task', '{"task_id": "00000003", "field": "assigned_to_email", "new_value": "PRIYA.NAIR@atlas.com"}', '"Task updated successfully."'],
    ['project_management_get_task_information_by_id', '{"task_id": "00000003", "field": "assigned_to_email"}', '{"assigned_to_email":"priya.nair@atlas.com"}'],
  ]);
});

test('CustomerRelationshipManagerTool.search_customers: no parameters, filters, paging, nothing found, date bounds as strings', async () => {
  await expectAnswers([
    ['customer_relationship_manager_search_customers', '{"page": 2}', '"No search parameters provided. Please provide at least one parameter."'],
    ['customer_relationship_manager_search_customers', '{"customer_name": "garcia", "page": 2, "page_size": 1}', '{"customers":[{"customer_id":"00000001","assigned_to_email":"chenwei.zhang@atlas.com","customer_name":"Morgan Garcia","customer_email":"morgan.garcia@oscorp.com","customer_phone":"411-381-4294","last_contact_date":"2023-06-10","product_interest":"Software","status":"Won","follow_up_by":"2023-07-10","notes":"Sent a proposal on 2023-06-10. "}],"pagination":{"total_customers":20,"page":2,"page_size":1,"total_pages":20}}'],
    ['customer_relationship_manager_search_customers', '{"customer_name": "Nobody Atall"}', '"No customers found."'],
    ['customer_relationship_manager_search_customers', '{"follow_up_by_min": "2023-12-01", "follow_up_by_max": "2023-12-31", "status": "won", "page_size": 1}', '{"customers":[{"customer_id":"00000040","assigned_to_email":"kofi.mensah@atlas.com","customer_name":"Quinn Davis","customer_email":"quinn.davis@acme.com","customer_phone":"228-847-9315","last_contact_date":"2023-10-20","product_interest":"Training","status":"Won","follow_up_by":"2023-12-19","notes":"Had a call on 2023-10-20. "}],"pagination":{"total_customers":6,"page":1,"page_size":1,"total_pages":6}}'],
    ['customer_relationship_manager_search_customers', '{"last_contact_date_min": 2023}', '"Error executing tool \'customer_relationship_manager_search_customers\': Invalid comparison between dtype=str and int"'],
  ]);
});

test('CustomerRelationshipManagerTool.update_customer: missing arguments, status and product checks, not found, unknown field, success', async () => {
  await expectAnswers([
    ['customer_relationship_manager_update_customer', '{"customer_id": "00000001", "field": "status"}', '"Customer ID, field, or new value not provided."'],
    ['customer_relationship_manager_update_customer', '{"customer_id": "99999999", "field": "status", "new_value": "won"}', '"Status not valid. Please choose from: \'Qualified\', \'Won\', \'Lost\', \'Lead\', \'Proposal\'"'],
    ['customer_relationship_manager_update_customer', '{"customer_id": "00000001", "field": "product_interest", "new_value": "Toys"}', '"Product interest not valid. Please choose from: \'Software\', \'Hardware\', \'Services\', \'Consulting\', \'Training\'"'],
    ['customer_relationship_manager_update_customer', '{"customer_id": "99999999", "field": "notes", "new_value": "x"}', '"Customer not found."'],
    ['customer_relationship_manager_update_customer', '{"customer_id": "00000001", "field": "color", "new_value": "x"}', '"Field not valid. Please choose from: \'customer_name\', \'assigned_to_email\', \'customer_email\', \'customer_phone\', \'last_contact_date\', \'product_interest\', \'status\', \'notes\', \'follow_up_by\'"'],
    ['customer_relationship_manager_update_customer', '{"customer_id": "00000001", "field": "customer_email", "new_value": "New@Mail.com"}', '"Customer updated successfully."'],
    ['customer_relationship_manager_search_customers', '{"customer_email": "new@mail.com"}', '{"customers":[{"customer_id":"00000001","assigned_to_email":"chenwei.zhang@atlas.com","customer_name":"Morgan Garcia","customer_email":"new@mail.com","customer_phone":"411-381-4294","last_contact_date":"2023-06-10","product_interest":"Software","status":"Won","follow_up_by":"2023-07-10","notes":"Sent a proposal on 2023-06-10. "}],"pagination":{"total_customers":1,"page":1,"page_size":5,"total_pages":1}}'],
  ]);
});

test('CustomerRelationshipManagerTool.add_customer: missing required fields, success with the optional fields null, and what a later search then does', async () => {
  await expectAnswers([
    ['customer_relationship_manager_add_customer', '{"customer_name": "Blake Rossi", "assigned_to_email": "raj.patel@atlas.com"}', '"Please provide all required fields: customer_name, assigned_to_email, status."'],
    ['customer_relationship_manager_add_customer', '{"customer_name": "Blake Rossi", "assigned_to_email": "Raj.Patel@atlas.com", "status": "Lead"}', '"00000200"'],
    ['customer_relationship_manager_search_customers', '{"customer_name": "blake rossi"}', '{"customers":[{"customer_id":"00000200","assigned_to_email":"raj.patel@atlas.com","customer_name":"Blake Rossi","customer_email":null,"customer_phone":null,"last_contact_date":null,"product_interest":null,"status":"Lead","follow_up_by":null,"notes":""}],"pagination":{"total_customers":1,"page":1,"page_size":5,"total_pages":1}}'],
    ['customer_relationship_manager_search_customers', '{"customer_email": "garcia"}', '"Error executing tool \'customer_relationship_manager_search_customers\': Cannot mask with non-boolean array containing NA / NaN values"'],
    ['customer_relationship_manager_search_customers', '{"customer_name": "("}', '"Error executing tool \'customer_relationship_manager_search_customers\': Invalid regular expression: missing ): ("'],
  ]);
});

test('CustomerRelationshipManagerTool.delete_customer: missing id, success, not found', async () => {
  await expectAnswers([
    ['customer_relationship_manager_delete_customer', '{}', '"Customer ID not provided."'],
    ['customer_relationship_manager_delete_customer', '{"customer_id": "00000004"}', '"Customer deleted successfully."'],
    ['customer_relationship_manager_delete_customer', '{"customer_id": "00000004"}', '"Customer not found."'],
  ]);
});

test('WorkbenchResourcesServer.route_to_python_function: None arguments dropped, unknown tool, unexpected keyword, bodies that are not objects, malformed JSON', async () => {
  await expectAnswers([
    ['email_delete_email', '{"email_id": null}', '"Email ID not provided."'],
    ['email_frobnicate', '{}', '"Error executing tool \'email_frobnicate\': \'email_frobnicate\'"'],
    ['email_delete_email', '{"email_id": "00000001", "force": true}', '"Error executing tool \'email_delete_email\': EmailTool.delete_email() got an unexpected keyword argument \'force\'"'],
    ['email_search_emails', '[1.0]', '{"detail":[{"type":"model_attributes_type","loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","input":[1.0]}]}', 422],
    ['email_search_emails', 'null', '{"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]}', 422],
    ['email_search_emails', '{"query": }', '{"detail":[{"type":"json_invalid","loc":["body",10],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]}', 422],
  ]);
});
