// CustomerRelationshipManagerTool over processed/customer_relationship_manager_data.csv, mirroring the Python.
import { containsMask, orderMask, requireBooleanMask, valuesContain } from '../pandas/column.ts';
import { isTruthy, lower, pyIn, requireHashable, type PyValue, type Row, type ToolArgs } from '../python-semantics.ts';
import type { Workspace } from '../workspace.ts';
import { argument, assignWhereId, dropRowsWithId, nextPaddedId, paginate, records, rowsWhere, type WorkplaceTool } from './tool.ts';

const STATUSES = ['Qualified', 'Won', 'Lost', 'Lead', 'Proposal'];
const PRODUCT_INTERESTS = ['Software', 'Hardware', 'Services', 'Consulting', 'Training'];
const SUBSTRING_FILTERS = ['customer_name', 'customer_email', 'product_interest', 'status', 'assigned_to_email'];
const RANGE_FILTERS = [
  ['last_contact_date_min', 'last_contact_date', '>='],
  ['last_contact_date_max', 'last_contact_date', '<='],
  ['follow_up_by_min', 'follow_up_by', '>='],
  ['follow_up_by_max', 'follow_up_by', '<='],
] as const;
const FIELD_MESSAGE = "Field not valid. Please choose from: 'customer_name', 'assigned_to_email', 'customer_email', 'customer_phone', 'last_contact_date', 'product_interest', 'status', 'notes', 'follow_up_by'";
const quoted = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

function searchCustomers(workspace: Workspace, args: ToolArgs): PyValue {
  const table = workspace.customers;
  const given = [...SUBSTRING_FILTERS, ...RANGE_FILTERS.map(([name]) => name)].some((name) => isTruthy(argument(args, name)));
  if (!given) return 'No search parameters provided. Please provide at least one parameter.';
  let customers: readonly Row[] = table.rows;
  const column = (name: string) => customers.map((row) => row[name] ?? null);
  for (const name of SUBSTRING_FILTERS) {
    const value = argument(args, name);
    if (isTruthy(value)) customers = rowsWhere(customers, requireBooleanMask(containsMask(column(name), table.dtype(name), value)));
  }
  for (const [name, columnName, op] of RANGE_FILTERS) {
    const value = argument(args, name);
    if (isTruthy(value)) customers = rowsWhere(customers, orderMask(column(columnName), table.dtype(columnName), op, value));
  }
  const found = records(table, customers);
  const { page, pagination } = paginate(found, argument(args, 'page', 1), argument(args, 'page_size', 5), 'total_customers');
  if (found.length === 0) return 'No customers found.';
  return new Map<string, PyValue>([['customers', page()], ['pagination', pagination]]);
}

function updateCustomer(workspace: Workspace, args: ToolArgs): PyValue {
  const customerId = argument(args, 'customer_id');
  const field = argument(args, 'field');
  let newValue = argument(args, 'new_value');
  if (!isTruthy(customerId) || !isTruthy(field) || !isTruthy(newValue)) return 'Customer ID, field, or new value not provided.';
  if (field === 'status' && !pyIn(newValue, STATUSES)) return `Status not valid. Please choose from: ${quoted(STATUSES)}`;
  if (field === 'product_interest' && !pyIn(newValue, PRODUCT_INTERESTS)) {
    return `Product interest not valid. Please choose from: ${quoted(PRODUCT_INTERESTS)}`;
  }
  if (pyIn(field, ['customer_email', 'assigned_to_email'])) newValue = lower(newValue);
  const table = workspace.customers;
  if (!valuesContain(table.column('customer_id'), customerId)) return 'Customer not found.';
  requireHashable(field);
  if (typeof field !== 'string' || !table.columns.includes(field)) return FIELD_MESSAGE;
  assignWhereId(table, 'customer_id', customerId, field, newValue);
  return 'Customer updated successfully.';
}

function addCustomer(workspace: Workspace, args: ToolArgs): PyValue {
  const customerName = argument(args, 'customer_name');
  const assignee = argument(args, 'assigned_to_email');
  const status = argument(args, 'status');
  if (![customerName, assignee, status].every(isTruthy)) return 'Please provide all required fields: customer_name, assigned_to_email, status.';
  const email = lower(assignee);
  let customerEmail = argument(args, 'customer_email');
  if (isTruthy(customerEmail)) customerEmail = lower(customerEmail);
  const table = workspace.customers;
  const customerId = nextPaddedId(table, 'customer_id');
  table.concat({
    customer_id: customerId,
    customer_name: customerName,
    customer_email: customerEmail,
    customer_phone: argument(args, 'customer_phone'),
    last_contact_date: argument(args, 'last_contact_date'),
    product_interest: argument(args, 'product_interest'),
    status,
    assigned_to_email: email,
    notes: argument(args, 'notes', ''),
    follow_up_by: argument(args, 'follow_up_by'),
  }, { ignoreIndex: true });
  return customerId;
}

function deleteCustomer(workspace: Workspace, args: ToolArgs): PyValue {
  const customerId = argument(args, 'customer_id');
  if (!isTruthy(customerId)) return 'Customer ID not provided.';
  return dropRowsWithId(workspace.customers, 'customer_id', customerId) ? 'Customer deleted successfully.' : 'Customer not found.';
}

export const customerRelationshipManagerTools: WorkplaceTool[] = [
  {
    name: 'customer_relationship_manager_search_customers',
    qualifiedName: 'CustomerRelationshipManagerTool.search_customers',
    parameters: [...SUBSTRING_FILTERS, ...RANGE_FILTERS.map(([name]) => name), 'page', 'page_size'],
    run: searchCustomers,
  },
  { name: 'customer_relationship_manager_update_customer', qualifiedName: 'CustomerRelationshipManagerTool.update_customer', parameters: ['customer_id', 'field', 'new_value'], run: updateCustomer },
  {
    name: 'customer_relationship_manager_add_customer',
    qualifiedName: 'CustomerRelationshipManagerTool.add_customer',
    parameters: ['customer_name', 'assigned_to_email', 'status', 'customer_email', 'customer_phone', 'last_contact_date', 'product_interest', 'notes', 'follow_up_by'],
    run: addCustomer,
  },
  { name: 'customer_relationship_manager_delete_customer', qualifiedName: 'CustomerRelationshipManagerTool.delete_customer', parameters: ['customer_id'], run: deleteCustomer },
];

