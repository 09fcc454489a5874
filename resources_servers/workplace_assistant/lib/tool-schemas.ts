// The 27 tools as the model sees them (Responses API function tools), written once; rows embed these.

type PropertyType = 'string' | 'integer';
type Properties = Record<string, [PropertyType, string]>;

export interface FunctionToolSchema {
  type: 'function';
  name: string;
  description: string;
  parameters: {
    type: 'object';
    properties: Record<string, { type: PropertyType; description: string }>;
    required: string[];
    additionalProperties: false;
  };
  strict: false;
}

function tool(name: string, description: string, properties: Properties, required: string[] = []): FunctionToolSchema {
  return {
    type: 'function',
    name,
    description,
    parameters: {
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(properties).map(([key, [type, text]]) => [key, { type, description: text }]),
      ),
      required,
      additionalProperties: false,
    },
    strict: false,
  };
}

const RANGE: Properties = {
  time_min: ['string', 'Start date of the time range. Date format is YYYY-MM-DD'],
  time_max: ['string', 'End date of the time range. Date format is YYYY-MM-DD'],
};
const PAGE = (noun: string): Properties => ({
  page: ['integer', 'Page number of results to return'],
  page_size: ['integer', `Number of ${noun} per page`],
});
const TASK_ID: [PropertyType, string] = ['string', '8-digit ID of the task'];
const EVENT_ID: [PropertyType, string] = ['string', '8-digit ID of the event'];

export const WORKPLACE_TOOL_SCHEMAS: readonly FunctionToolSchema[] = [
  tool('company_directory_find_email_address', 'Finds all email addresses containing the given name (case-insensitive search).', {
    name: ['string', 'Name or partial name to search for in email addresses'],
  }),
  tool('email_get_email_information_by_id', 'Retrieves specific details of an email by its ID.', {
    email_id: ['string', 'Unique ID of the email'],
    field: ['string', "Specific field to return. Available fields: 'email_id', 'inbox/outbox', 'sender/recipient', 'subject', 'sent_datetime', 'body'"],
  }, ['email_id', 'field']),
  tool('email_search_emails', 'Searches for emails matching the given query across subject, body, or sender fields. The function matches an email if all words in the query appear in any of these fields.', {
    query: ['string', 'Search query, matching terms in subject, body, or sender/recipient fields'],
    date_min: ['string', "Lower date limit for the email's sent date (inclusive). Format: YYYY-MM-DD"],
    date_max: ['string', "Upper date limit for the email's sent date (inclusive). Format: YYYY-MM-DD"],
    ...PAGE('emails'),
  }),
  tool('email_send_email', 'Sends an email to the specified recipient.', {
    recipient: ['string', 'Email address of the recipient'],
    subject: ['string', 'Subject line of the email'],
    body: ['string', 'Body content of the email'],
  }, ['recipient', 'subject', 'body']),
  tool('email_delete_email', 'Deletes an email by its ID.', { email_id: ['string', 'Unique ID of the email to be deleted'] }, ['email_id']),
  tool('email_forward_email', 'Forwards an email to the specified recipient.', {
    email_id: ['string', 'Unique ID of the email to be forwarded'],
    recipient: ['string', 'Email address of the recipient'],
  }, ['email_id', 'recipient']),
  tool('email_reply_email', 'Replies to an email by its ID.', {
    email_id: ['string', 'Unique ID of the email to be replied'],
    body: ['string', 'Body content of the email'],
  }, ['email_id', 'body']),
  tool('calendar_get_event_information_by_id', 'Returns the event for a given ID.', {
    event_id: EVENT_ID,
    field: ['string', "Field to return. Available fields are: 'event_id', 'event_name', 'participant_email', 'event_start', 'duration'"],
  }, ['event_id', 'field']),
  tool('calendar_search_events', 'Returns the events for a given query with pagination support.', {
    query: ['string', 'Query to search for. Terms will be matched in the event_name and participant_email fields'],
    time_min: ['string', "Lower bound (inclusive) for an event's end time to filter by. Format: YYYY-MM-DD HH:MM:SS"],
    time_max: ['string', "Upper bound (inclusive) for an event's start time to filter by. Format: YYYY-MM-DD HH:MM:SS"],
    ...PAGE('events'),
  }),
  tool('calendar_create_event', 'Creates a new event.', {
    event_name: ['string', 'Name of the event'],
    participant_email: ['string', 'Email of the participant'],
    event_start: ['string', 'Start time of the event. Format: YYYY-MM-DD HH:MM:SS'],
    duration: ['string', 'Duration of the event in minutes'],
  }, ['event_name', 'participant_email', 'event_start', 'duration']),
  tool('calendar_delete_event', 'Deletes an event.', { event_id: EVENT_ID }, ['event_id']),
  tool('calendar_update_event', 'Updates an event.', {
    event_id: EVENT_ID,
    field: ['string', "Field to update. Available fields are: 'event_name', 'participant_email', 'event_start', 'duration'"],
    new_value: ['string', 'New value for the field'],
  }, ['event_id', 'field', 'new_value']),
  tool('analytics_get_visitor_information_by_id', 'Returns the analytics data for a given visitor ID.', {
    visitor_id: ['string', 'ID of the visitor'],
  }, ['visitor_id']),
  tool('analytics_create_plot', 'Plots the analytics data for a given time range and value.', {
    ...RANGE,
    value_to_plot: ['string', "Value to plot. Available values are: 'total_visits', 'session_duration_seconds', 'user_engaged', 'visits_direct', 'visits_referral', 'visits_search_engine', 'visits_social_media'"],
    plot_type: ['string', "Type of plot. Can be 'bar', 'line', 'scatter' or 'histogram'"],
  }, ['time_min', 'time_max', 'value_to_plot', 'plot_type']),
  tool('analytics_total_visits_count', 'Returns the total number of visits within a specified time range.', RANGE),
  tool('analytics_engaged_users_count', 'Returns the number of engaged users within a specified time range.', RANGE),
  tool('analytics_traffic_source_count', 'Returns the number of visits from a specific traffic source within a specified time range.', {
    ...RANGE,
    traffic_source: ['string', "Traffic source to filter the visits. Available values are: 'direct', 'referral', 'search engine', 'social media'"],
  }),
  tool('analytics_get_average_session_duration', 'Returns the average session duration within a specified time range.', RANGE),
  tool('project_management_get_task_information_by_id', 'Returns the task information for a given ID.', {
    task_id: TASK_ID,
    field: ['string', "Field to return. Available fields are: 'task_id', 'task_name', 'assigned_to_email', 'list_name', 'due_date', 'board'"],
  }, ['task_id', 'field']),
  tool('project_management_search_tasks', 'Searches for tasks based on the given parameters.', {
    task_name: ['string', 'Name of the task'],
    assigned_to_email: ['string', 'Email address of the person assigned to the task'],
    list_name: ['string', 'Name of the list the task belongs to'],
    due_date: ['string', 'Due date of the task in YYYY-MM-DD format'],
    board: ['string', 'Name of the board the task belongs to'],
  }),
  tool('project_management_create_task', 'Creates a new task.', {
    task_name: ['string', 'Name of the task'],
    assigned_to_email: ['string', 'Email address of the person assigned to the task'],
    list_name: ['string', "Name of the list the task belongs to. One of: 'Backlog', 'In Progress', 'In Review', 'Completed'"],
    due_date: ['string', 'Due date of the task in YYYY-MM-DD format'],
    board: ['string', "Name of the board the task belongs to. One of: 'Back end', 'Front end', 'Design'"],
  }, ['task_name', 'assigned_to_email', 'list_name', 'due_date', 'board']),
  tool('project_management_delete_task', 'Deletes a task by ID.', { task_id: TASK_ID }, ['task_id']),
  tool('project_management_update_task', 'Updates a task by ID.', {
    task_id: TASK_ID,
    field: ['string', "Field to update. Available fields are: 'task_name', 'assigned_to_email', 'list_name', 'due_date', 'board'"],
    new_value: ['string', 'New value for the field'],
  }, ['task_id', 'field', 'new_value']),
  tool('customer_relationship_manager_search_customers', 'Searches for customers based on the given parameters with pagination support.', {
    customer_name: ['string', 'Name of the customer'],
    customer_email: ['string', 'Email address of the customer'],
    product_interest: ['string', 'Product interest of the customer'],
    status: ['string', 'Current status of the customer'],
    assigned_to_email: ['string', 'Email address of the person assigned to the customer'],
    last_contact_date_min: ['string', 'Minimum last contact date. Format: YYYY-MM-DD'],
    last_contact_date_max: ['string', 'Maximum last contact date. Format: YYYY-MM-DD'],
    follow_up_by_min: ['string', 'Minimum follow up date. Format: YYYY-MM-DD'],
    follow_up_by_max: ['string', 'Maximum follow up date. Format: YYYY-MM-DD'],
    ...PAGE('customers'),
  }),
  tool('customer_relationship_manager_update_customer', 'Updates a customer record by ID.', {
    customer_id: ['string', 'ID of the customer'],
    field: ['string', "Field to update. Available fields are: 'customer_name', 'assigned_to_email', 'customer_email', 'customer_phone', 'last_contact_date', 'product_interest', 'status', 'notes', 'follow_up_by'"],
    new_value: ['string', 'New value for the field'],
  }, ['customer_id', 'field', 'new_value']),
  tool('customer_relationship_manager_add_customer', 'Adds a new customer record.', {
    customer_name: ['string', 'Name of the customer'],
    assigned_to_email: ['string', 'Email address of the person assigned to the customer'],
    status: ['string', "Current status of the customer. One of: 'Qualified', 'Won', 'Lost', 'Lead', 'Proposal'"],
    customer_email: ['string', 'Email address of the customer'],
    customer_phone: ['string', 'Phone number of the customer'],
    last_contact_date: ['string', 'The last date the customer was contacted. Format: YYYY-MM-DD'],
    product_interest: ['string', "Product interest of the customer. One of: 'Software', 'Hardware', 'Services', 'Consulting', 'Training'"],
    notes: ['string', 'Notes about the customer'],
    follow_up_by: ['string', 'Date for the next follow up. Format: YYYY-MM-DD'],
  }, ['customer_name', 'assigned_to_email', 'status']),
  tool('customer_relationship_manager_delete_customer', 'Deletes a customer record by ID.', {
    customer_id: ['string', 'ID of the customer'],
  }, ['customer_id']),
];
