// EmailTool over processed/emails.csv: each method mirrors the Python one line by line, its try/except included.
import { valuesContain } from '../pandas/column.ts';
import { sortDescendingOrder } from '../pandas/sort.ts';
import { compareTimestamps, dateOf, sortKey, toTimestamp } from '../pandas/timestamp.ts';
import { pySplit } from '../python-ops.ts';
import { isTruthy, lower, pyIn, PythonError, pyStr, type PyValue, type Row, type ToolArgs } from '../python-semantics.ts';
import { NOW_TEXT, type Workspace } from '../workspace.ts';
import { argument, dropRowsWithId, fieldOf, firstRecordWithId, idMask, nextId, paginate, records, rowsWhere, type WorkplaceTool } from './tool.ts';

/** `try: ... except Exception as e: return f"{prefix}: {e}"`. */
function caught(prefix: string, body: () => PyValue): PyValue {
  try {
    return body();
  } catch (error) {
    if (error instanceof PythonError) return `${prefix}: ${error.message}`;
    throw error;
  }
}

function emailRows(workspace: Workspace, emailId: PyValue): Row[] {
  return rowsWhere(workspace.emails.rows, idMask(workspace.emails, 'email_id', emailId));
}

function getEmailInformationById(workspace: Workspace, args: ToolArgs): PyValue {
  const emailId = argument(args, 'email_id');
  const field = argument(args, 'field');
  if (!isTruthy(emailId)) return 'Email ID not provided.';
  if (!isTruthy(field)) return 'Field not provided.';
  return caught('Error retrieving email information', () => {
    const email = firstRecordWithId(workspace.emails, 'email_id', emailId);
    if (!email) return 'Email not found.';
    return fieldOf(email, field) ?? `Field '${pyStr(field)}' not found. Available fields: ${[...email.keys()].join(', ')}`;
  });
}

function searchEmails(workspace: Workspace, args: ToolArgs): PyValue {
  const query = argument(args, 'query', '');
  const dateMin = argument(args, 'date_min');
  const dateMax = argument(args, 'date_max');
  return caught('Error searching emails', () => {
    const words = pySplit(lower(query));
    const table = workspace.emails;
    const matching = table.rows.filter((row) => {
      const combined = `${pyStr(row.subject ?? null)} ${pyStr(row.body ?? null)} ${pyStr(row['sender/recipient'] ?? null)}`.toLowerCase();
      return words.every((word) => combined.includes(word));
    });
    const sentAt = matching.map((row) => {
      const timestamp = toTimestamp(row.sent_datetime ?? null);
      return timestamp === null ? null : sortKey(timestamp);
    });
    const order = sortDescendingOrder(sentAt);
    let emails = order.map((index) => matching[index]!);
    if (isTruthy(dateMin)) {
      emails = emails.filter((email) => dateComparison(email, '>=', dateMin));
    }
    if (isTruthy(dateMax)) {
      emails = emails.filter((email) => dateComparison(email, '<=', dateMax));
    }
    const { page, pagination } = paginate(emails, argument(args, 'page', 1), argument(args, 'page_size', 5), 'total_emails');
    if (emails.length === 0) return 'No emails found.';
    return new Map<string, PyValue>([['emails', records(table, page())], ['pagination', pagination]]);
  });
}

/** `pd.Timestamp(email["sent_datetime"]).date() <op> pd.Timestamp(bound).date()`. */
function dateComparison(email: Row, op: '>=' | '<=', bound: PyValue): boolean {
  const sent = toTimestamp(email.sent_datetime ?? null);
  const limit = toTimestamp(bound);
  if (sent === null || limit === null) throw new PythonError('Cannot compare NaT with datetime.date object');
  const left = { ns: dateOf(sent), offsetMinutes: null };
  const right = { ns: dateOf(limit), offsetMinutes: null };
  return compareTimestamps(left, op, right);
}

function sendEmail(workspace: Workspace, recipient: PyValue, subject: PyValue, body: PyValue): string {
  if (!isTruthy(recipient) || !isTruthy(subject) || !isTruthy(body)) return 'Recipient, subject, or body not provided.';
  if (!pyIn('@', recipient) || !pyIn('.', recipient)) return 'Invalid recipient email address.';
  return caught('Error sending email', () => {
    const lowered = lower(recipient);
    const emailId = workspace.emails.length > 0 ? nextId(workspace.emails, 'email_id') : '1';
    workspace.emails.concat({
      email_id: emailId,
      'inbox/outbox': 'outbox',
      'sender/recipient': lowered,
      subject,
      sent_datetime: NOW_TEXT,
      body,
    }, { ignoreIndex: true });
    return 'Email sent successfully.';
  }) as string;
}

function deleteEmail(workspace: Workspace, args: ToolArgs): PyValue {
  const emailId = argument(args, 'email_id');
  if (!isTruthy(emailId)) return 'Email ID not provided.';
  return caught('Error deleting email', () =>
    dropRowsWithId(workspace.emails, 'email_id', emailId) ? 'Email deleted successfully.' : 'Email not found.');
}

function forwardEmail(workspace: Workspace, args: ToolArgs): PyValue {
  const emailId = argument(args, 'email_id');
  const recipient = argument(args, 'recipient');
  if (!isTruthy(emailId) || !isTruthy(recipient)) return 'Email ID or recipient not provided.';
  if (!pyIn('@', recipient) || !pyIn('.', recipient)) return 'Invalid recipient email address.';
  return caught('Error forwarding email', () => {
    if (!valuesContain(workspace.emails.column('email_id'), emailId)) return 'Email not found.';
    const lowered = lower(recipient);
    const email = emailRows(workspace, emailId)[0]!;
    const result = sendEmail(workspace, lowered, `FW: ${pyStr(email.subject ?? null)}`, email.body ?? null);
    if (result.includes('Error') || result.includes('Invalid')) return result;
    return 'Email forwarded successfully.';
  });
}

function replyEmail(workspace: Workspace, args: ToolArgs): PyValue {
  const emailId = argument(args, 'email_id');
  const body = argument(args, 'body');
  if (!isTruthy(emailId) || !isTruthy(body)) return 'Email ID or body not provided.';
  return caught('Error replying to email', () => {
    if (!valuesContain(workspace.emails.column('email_id'), emailId)) return 'Email not found.';
    const email = emailRows(workspace, emailId)[0]!;
    const result = sendEmail(workspace, email['sender/recipient'] ?? null, `RE: ${pyStr(email.subject ?? null)}`, body);
    if (result.includes('Error') || result.includes('Invalid')) return result;
    return 'Email replied successfully.';
  });
}

export const emailTools: WorkplaceTool[] = [
  { name: 'email_get_email_information_by_id', qualifiedName: 'EmailTool.get_email_information_by_id', parameters: ['email_id', 'field'], run: getEmailInformationById },
  { name: 'email_search_emails', qualifiedName: 'EmailTool.search_emails', parameters: ['query', 'date_min', 'date_max', 'page', 'page_size'], run: searchEmails },
  {
    name: 'email_send_email',
    qualifiedName: 'EmailTool.send_email',
    parameters: ['recipient', 'subject', 'body'],
    run: (workspace, args) => sendEmail(workspace, argument(args, 'recipient'), argument(args, 'subject'), argument(args, 'body')),
  },
  { name: 'email_delete_email', qualifiedName: 'EmailTool.delete_email', parameters: ['email_id'], run: deleteEmail },
  { name: 'email_forward_email', qualifiedName: 'EmailTool.forward_email', parameters: ['email_id', 'recipient'], run: forwardEmail },
  { name: 'email_reply_email', qualifiedName: 'EmailTool.reply_email', parameters: ['email_id', 'body'], run: replyEmail },
];
