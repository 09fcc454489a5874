// Task templates: a user request plus the reference calls that fulfil it, read off the generated CSV data.
import type { BaseData } from '../lib/base-data.ts';
import type { Row } from '../lib/python-semantics.ts';
import { BOARDS, EVENT_NAMES, LISTS, PRODUCTS, STATUSES } from './generate-data.ts';
import { isoDate, type Random } from './random.ts';

export interface ReferenceCall {
  name: string;
  args: Record<string, string>;
}
export interface GeneratedTask {
  category: string;
  query: string;
  calls: ReferenceCall[];
}
type Template = (data: BaseData, random: Random) => GeneratedTask;

const firstNameOf = (email: string) => email.split('.')[0]!.replace(/^./, (c) => c.toUpperCase());
const str = (value: Row[string] | undefined) => String(value);
const directoryOf = (data: BaseData) => data.directory.map(str);
const pad2 = (n: number) => String(n).padStart(2, '0');
const call = (name: string, args: Record<string, string>): ReferenceCall => ({ name, args });
const find = (name: string): ReferenceCall => call('company_directory_find_email_address', { name });
const PHRASES = ['the latest numbers', 'the agenda for next week', 'the revised timeline', 'the meeting notes',
  'the draft proposal', 'the updated budget'];

function pickRow(rows: readonly Row[], random: Random, accept: (row: Row) => boolean = () => true): Row {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const row = random.pick(rows);
    if (accept(row)) return row;
  }
  throw new Error('no row satisfies the template');
}

/** Names that are not a substring of another name, so a search by name finds exactly one record. */
function distinctlyNamed(rows: readonly Row[], column: string): (row: Row) => boolean {
  const names = rows.map((row) => str(row[column]).toLowerCase());
  return (row) => names.filter((name) => name.includes(str(row[column]).toLowerCase())).length === 1;
}

const emailTemplates: Template[] = [
  (data, random) => {
    const to = random.pick(directoryOf(data));
    const subject = `${random.pick(['Quick question', 'Update', 'Reminder', 'Follow-up'])} on ${random.pick(PHRASES)}`;
    const body = `Hi ${firstNameOf(to)}, can you send me ${random.pick(PHRASES)} by ${isoDate('2023-12-01', random.int(0, 10))}? Thanks!`;
    return {
      category: 'workplace_assistant_email',
      query: `Send an email to ${firstNameOf(to)} with the subject '${subject}' saying: ${body}`,
      calls: [find(firstNameOf(to)), call('email_send_email', { recipient: to, subject, body })],
    };
  },
  (data, random) => {
    const email = pickRow(data.emails.rows, random);
    const to = random.pick(directoryOf(data));
    return {
      category: 'workplace_assistant_email',
      query: `Forward the email titled '${str(email.subject)}' to ${firstNameOf(to)}.`,
      calls: [
        call('email_search_emails', { query: str(email.subject) }),
        find(firstNameOf(to)),
        call('email_forward_email', { email_id: str(email.email_id), recipient: to }),
      ],
    };
  },
  (data, random) => {
    const email = pickRow(data.emails.rows, random, (row) => row['inbox/outbox'] === 'inbox');
    const body = `Thanks, I will get back to you about ${random.pick(PHRASES)} tomorrow.`;
    return {
      category: 'workplace_assistant_email',
      query: `Reply to the email titled '${str(email.subject)}' with: ${body}`,
      calls: [
        call('email_search_emails', { query: str(email.subject) }),
        call('email_reply_email', { email_id: str(email.email_id), body }),
      ],
    };
  },
  (data, random) => {
    const email = pickRow(data.emails.rows, random);
    return {
      category: 'workplace_assistant_email',
      query: `Delete the email titled '${str(email.subject)}'.`,
      calls: [
        call('email_search_emails', { query: str(email.subject) }),
        call('email_delete_email', { email_id: str(email.email_id) }),
      ],
    };
  },
];

function uniqueOnDay(data: BaseData): (row: Row) => boolean {
  return (row) => {
    const day = str(row.event_start).slice(0, 10);
    return data.calendarEvents.rows.filter((other) => other.event_name === row.event_name && str(other.event_start).startsWith(day)).length === 1;
  };
}

const calendarTemplates: Template[] = [
  (data, random) => {
    const who = random.pick(directoryOf(data));
    const name = random.pick(EVENT_NAMES);
    const start = `${isoDate('2023-12-01', random.int(0, 30))} ${pad2(random.int(9, 16))}:${random.pick(['00', '30'])}:00`;
    const duration = random.pick(['30', '60']);
    return {
      category: 'workplace_assistant_calendar',
      query: `Schedule a ${duration} minute '${name}' meeting with ${firstNameOf(who)} on ${start.slice(0, 10)} at ${start.slice(11, 16)}.`,
      calls: [find(firstNameOf(who)), call('calendar_create_event', { event_name: name, participant_email: who, event_start: start, duration })],
    };
  },
  (data, random) => {
    const event = pickRow(data.calendarEvents.rows, random, uniqueOnDay(data));
    const day = str(event.event_start).slice(0, 10);
    return {
      category: 'workplace_assistant_calendar',
      query: `Cancel the '${str(event.event_name)}' meeting on ${day}.`,
      calls: [
        call('calendar_search_events', { query: str(event.event_name), time_min: `${day} 00:00:00`, time_max: `${day} 23:59:59` }),
        call('calendar_delete_event', { event_id: str(event.event_id) }),
      ],
    };
  },
  (data, random) => {
    const event = pickRow(data.calendarEvents.rows, random, uniqueOnDay(data));
    const day = str(event.event_start).slice(0, 10);
    const newStart = `${isoDate('2023-12-01', random.int(0, 30))} ${pad2(random.int(9, 16))}:00:00`;
    return {
      category: 'workplace_assistant_calendar',
      query: `Move the '${str(event.event_name)}' meeting on ${day} to ${newStart.slice(0, 10)} at ${newStart.slice(11, 16)}.`,
      calls: [
        call('calendar_search_events', { query: str(event.event_name), time_min: `${day} 00:00:00`, time_max: `${day} 23:59:59` }),
        call('calendar_update_event', { event_id: str(event.event_id), field: 'event_start', new_value: newStart }),
      ],
    };
  },
];

const PLOT_VALUES: [string, string][] = [['total_visits', 'total visits'], ['session_duration_seconds', 'session duration'],
  ['user_engaged', 'engaged users'], ['visits_direct', 'direct visits'], ['visits_referral', 'referral visits'],
  ['visits_search_engine', 'search engine visits'], ['visits_social_media', 'social media visits']];

const analyticsTemplates: Template[] = [
  (_data, random) => {
    const [value, phrase] = random.pick(PLOT_VALUES);
    const plotType = random.pick(['bar', 'line', 'scatter', 'histogram']);
    const start = random.int(0, 90);
    const timeMin = isoDate('2023-08-01', start);
    const timeMax = isoDate('2023-08-01', start + random.int(7, 30));
    return {
      category: 'workplace_assistant_analytics',
      query: `Make a ${plotType} plot of ${phrase} between ${timeMin} and ${timeMax}.`,
      calls: [call('analytics_create_plot', { time_min: timeMin, time_max: timeMax, value_to_plot: value, plot_type: plotType })],
    };
  },
];

const projectTemplates: Template[] = [
  (data, random) => {
    const assignees = new Set(data.projectTasks.rows.map((row) => str(row.assigned_to_email)));
    const who = random.pick(directoryOf(data).filter((address) => assignees.has(address)));
    const name = `${random.pick(['Audit', 'Draft', 'Ship', 'Polish'])} ${random.pick(['release checklist', 'API docs', 'signup emails', 'error pages'])}`;
    const board = random.pick(BOARDS);
    const list = random.pick(LISTS);
    const due = isoDate('2023-12-04', random.int(0, 40));
    return {
      category: 'workplace_assistant_project_management',
      query: `Create a task called '${name}' for ${firstNameOf(who)} on the ${board} board in ${list}, due ${due}.`,
      calls: [find(firstNameOf(who)), call('project_management_create_task', { task_name: name, assigned_to_email: who, list_name: list, due_date: due, board })],
    };
  },
  (data, random) => {
    const task = pickRow(data.projectTasks.rows, random, distinctlyNamed(data.projectTasks.rows, 'task_name'));
    const list = random.pick(LISTS.filter((name) => name !== task.list_name));
    return {
      category: 'workplace_assistant_project_management',
      query: `Move the task '${str(task.task_name)}' to ${list}.`,
      calls: [
        call('project_management_search_tasks', { task_name: str(task.task_name) }),
        call('project_management_update_task', { task_id: str(task.task_id), field: 'list_name', new_value: list }),
      ],
    };
  },
  (data, random) => {
    const task = pickRow(data.projectTasks.rows, random, distinctlyNamed(data.projectTasks.rows, 'task_name'));
    const assignees = new Set(data.projectTasks.rows.map((row) => str(row.assigned_to_email)));
    const who = random.pick(directoryOf(data).filter((address) => assignees.has(address) && address !== task.assigned_to_email));
    return {
      category: 'workplace_assistant_project_management',
      query: `Reassign the task '${str(task.task_name)}' to ${firstNameOf(who)}.`,
      calls: [
        call('project_management_search_tasks', { task_name: str(task.task_name) }),
        find(firstNameOf(who)),
        call('project_management_update_task', { task_id: str(task.task_id), field: 'assigned_to_email', new_value: who }),
      ],
    };
  },
];

const crmTemplates: Template[] = [
  (data, random) => {
    const customer = pickRow(data.customers.rows, random, distinctlyNamed(data.customers.rows, 'customer_name'));
    const status = random.pick(STATUSES.filter((value) => value !== customer.status));
    return {
      category: 'workplace_assistant_customer_relationship_manager',
      query: `Update ${str(customer.customer_name)}'s status to ${status} in the CRM.`,
      calls: [
        call('customer_relationship_manager_search_customers', { customer_name: str(customer.customer_name) }),
        call('customer_relationship_manager_update_customer', { customer_id: str(customer.customer_id), field: 'status', new_value: status }),
      ],
    };
  },
  (data, random) => {
    const who = random.pick(directoryOf(data));
    const name = `${random.pick(['Blake', 'Cameron', 'Dakota', 'Elliot', 'Hayden'])} ${random.pick(['Nguyen', 'Okafor', 'Schmidt', 'Rossi', 'Larsen'])}`;
    const status = random.pick(STATUSES);
    const product = random.pick(PRODUCTS);
    return {
      category: 'workplace_assistant_customer_relationship_manager',
      query: `Add ${name} to the CRM as a new customer with status ${status}, interested in ${product}, assigned to ${firstNameOf(who)}.`,
      calls: [find(firstNameOf(who)), call('customer_relationship_manager_add_customer', { customer_name: name, assigned_to_email: who, status, product_interest: product })],
    };
  },
  (data, random) => {
    const customer = pickRow(data.customers.rows, random, distinctlyNamed(data.customers.rows, 'customer_name'));
    return {
      category: 'workplace_assistant_customer_relationship_manager',
      query: `Remove ${str(customer.customer_name)} from the CRM.`,
      calls: [
        call('customer_relationship_manager_search_customers', { customer_name: str(customer.customer_name) }),
        call('customer_relationship_manager_delete_customer', { customer_id: str(customer.customer_id) }),
      ],
    };
  },
  (data, random) => {
    const customer = pickRow(data.customers.rows, random, distinctlyNamed(data.customers.rows, 'customer_name'));
    const who = random.pick(directoryOf(data).filter((address) => address !== customer.assigned_to_email));
    return {
      category: 'workplace_assistant_customer_relationship_manager',
      query: `Reassign customer ${str(customer.customer_name)} to ${firstNameOf(who)} in the CRM.`,
      calls: [
        call('customer_relationship_manager_search_customers', { customer_name: str(customer.customer_name) }),
        find(firstNameOf(who)),
        call('customer_relationship_manager_update_customer', { customer_id: str(customer.customer_id), field: 'assigned_to_email', new_value: who }),
      ],
    };
  },
];

/** Every template, grouped so a split can rotate through the five areas. */
export const TEMPLATE_GROUPS: readonly (readonly Template[])[] = [
  emailTemplates, calendarTemplates, analyticsTemplates, projectTemplates, crmTemplates,
];
