// CalendarTool over processed/calendar_events.csv: each method mirrors the Python one line by line.
import { containsMask, valuesContain } from '../pandas/column.ts';
import { compareTimestamps, toTimestamp, type Timestamp } from '../pandas/timestamp.ts';
import { isDigitString, pyInt, pyLen } from '../python-ops.ts';
import { pythonSort } from '../python-sort.ts';
import { isTruthy, isValueError, lower, pyCompare, pyIn, type PyValue, type ToolArgs } from '../python-semantics.ts';
import type { Workspace } from '../workspace.ts';
import { argument, assignWhereId, dropRowsWithId, fieldOf, firstRecordWithId, nextPaddedId, paginate, records, type WorkplaceTool } from './tool.ts';

const INFORMATION_FIELDS = ['event_id', 'event_name', 'participant_email', 'event_start', 'duration'];
const UPDATABLE_FIELDS = ['event_name', 'participant_email', 'event_start', 'duration'];
const INVALID_ID = 'Invalid event ID format. Expected 8-digit ID.';
const INVALID_START = 'Invalid event_start format. Expected YYYY-MM-DD HH:MM:SS.';

/** `isinstance(event_id, str) and len(event_id) == 8 and event_id.isdigit()`. */
function isEventId(value: PyValue): boolean {
  return typeof value === 'string' && pyLen(value) === 8 && isDigitString(value);
}

/** `try: pd.Timestamp(value) except ValueError: ...`: the timestamp (null for NaT), or 'invalid' on a ValueError. */
function timestampOrInvalid(value: PyValue): Timestamp | null | 'invalid' {
  try {
    return toTimestamp(value);
  } catch (error) {
    if (isValueError(error)) return 'invalid';
    throw error;
  }
}

/** The duration check of create_event/update_event: undefined when valid, else the message. */
function durationProblem(value: PyValue): string | undefined {
  try {
    return pyCompare(pyInt(value), '<=', 0) ? 'Duration must be a positive number of minutes.' : undefined;
  } catch (error) {
    if (isValueError(error)) return 'Invalid duration format. Expected a number of minutes.';
    throw error;
  }
}

function getEventInformationById(workspace: Workspace, args: ToolArgs): PyValue {
  const eventId = argument(args, 'event_id');
  const field = argument(args, 'field');
  if (!isTruthy(eventId)) return 'Event ID not provided.';
  if (!isTruthy(field)) return 'Field not provided.';
  if (!isEventId(eventId)) return INVALID_ID;
  if (!pyIn(field, INFORMATION_FIELDS)) return `Invalid field. Available fields are: ${INFORMATION_FIELDS.join(', ')}`;
  const event = firstRecordWithId(workspace.calendarEvents, 'event_id', eventId);
  if (!event) return 'Event not found.';
  return fieldOf(event, field) ?? 'Field not found.';
}

function searchEvents(workspace: Workspace, args: ToolArgs): PyValue {
  const query = argument(args, 'query', '');
  const bounds: { op: '>=' | '<='; value: Timestamp | null }[] = [];
  for (const [name, op] of [['time_min', '>='], ['time_max', '<=']] as const) {
    const value = argument(args, name);
    if (!isTruthy(value)) continue;
    const parsed = timestampOrInvalid(value);
    if (parsed === 'invalid') return `Invalid ${name} format. Expected YYYY-MM-DD HH:MM:SS.`;
    bounds.push({ op, value: parsed });
  }
  const table = workspace.calendarEvents;
  const byName = containsMask(table.column('event_name'), table.dtype('event_name'), query, false);
  const byEmail = containsMask(table.column('participant_email'), table.dtype('participant_email'), query, false);
  let events = table.rows.filter((_, index) => byName[index] || byEmail[index]);
  for (const bound of bounds) {
    events = events.filter((event) => compareTimestamps(toTimestamp(event.event_start ?? null), bound.op, bound.value));
  }
  if (events.length === 0) return 'No events found.';
  // events.sort(key=lambda x: pd.Timestamp(x["event_start"]), reverse=True)
  const keyed = events.map((event) => ({ event, start: toTimestamp(event.event_start ?? null) }));
  const sorted = pythonSort(keyed, (x, y) => compareTimestamps(x.start, '<', y.start), true).map((entry) => entry.event);
  const { page, pagination } = paginate(sorted, argument(args, 'page', 1), argument(args, 'page_size', 5), 'total_events');
  return new Map<string, PyValue>([['events', records(table, page())], ['pagination', pagination]]);
}

function createEvent(workspace: Workspace, args: ToolArgs): PyValue {
  const eventName = argument(args, 'event_name');
  const participantEmail = argument(args, 'participant_email');
  const eventStart = argument(args, 'event_start');
  const duration = argument(args, 'duration');
  if (!isTruthy(eventName)) return 'Event name not provided.';
  if (!isTruthy(participantEmail)) return 'Participant email not provided.';
  if (!isTruthy(eventStart)) return 'Event start not provided.';
  if (!isTruthy(duration)) return 'Event duration not provided.';
  if (timestampOrInvalid(eventStart) === 'invalid') return INVALID_START;
  const problem = durationProblem(duration);
  if (problem) return problem;
  const email = lower(participantEmail);
  const eventId = nextPaddedId(workspace.calendarEvents, 'event_id');
  workspace.calendarEvents.concat({
    event_id: eventId, event_name: eventName, participant_email: email, event_start: eventStart, duration,
  }, { ignoreIndex: false });
  return eventId;
}

function deleteEvent(workspace: Workspace, args: ToolArgs): PyValue {
  const eventId = argument(args, 'event_id');
  if (!isTruthy(eventId)) return 'Event ID not provided.';
  if (!isEventId(eventId)) return INVALID_ID;
  return dropRowsWithId(workspace.calendarEvents, 'event_id', eventId) ? 'Event deleted successfully.' : 'Event not found.';
}

function updateEvent(workspace: Workspace, args: ToolArgs): PyValue {
  const eventId = argument(args, 'event_id');
  const field = argument(args, 'field');
  let newValue = argument(args, 'new_value');
  if (!isTruthy(eventId) || !isTruthy(field) || !isTruthy(newValue)) return 'Event ID, field, or new value not provided.';
  if (!isEventId(eventId)) return INVALID_ID;
  if (!pyIn(field, UPDATABLE_FIELDS)) return `Invalid field. Available fields are: ${UPDATABLE_FIELDS.join(', ')}`;
  if (field === 'event_start') {
    if (timestampOrInvalid(newValue) === 'invalid') return INVALID_START;
  } else if (field === 'duration') {
    const problem = durationProblem(newValue);
    if (problem) return problem;
  }
  const events = workspace.calendarEvents;
  if (!valuesContain(events.column('event_id'), eventId)) return 'Event not found.';
  if (field === 'participant_email') newValue = lower(newValue);
  assignWhereId(events, 'event_id', eventId, field as string, newValue);
  return 'Event updated successfully.';
}

export const calendarTools: WorkplaceTool[] = [
  { name: 'calendar_get_event_information_by_id', qualifiedName: 'CalendarTool.get_event_information_by_id', parameters: ['event_id', 'field'], run: getEventInformationById },
  { name: 'calendar_search_events', qualifiedName: 'CalendarTool.search_events', parameters: ['query', 'time_min', 'time_max', 'page', 'page_size'], run: searchEvents },
  { name: 'calendar_create_event', qualifiedName: 'CalendarTool.create_event', parameters: ['event_name', 'participant_email', 'event_start', 'duration'], run: createEvent },
  { name: 'calendar_delete_event', qualifiedName: 'CalendarTool.delete_event', parameters: ['event_id'], run: deleteEvent },
  { name: 'calendar_update_event', qualifiedName: 'CalendarTool.update_event', parameters: ['event_id', 'field', 'new_value'], run: updateEvent },
];
