// ProjectManagementTool over processed/project_tasks.csv: each method mirrors the Python one line by line.
import { containsMask, isMissing, requireBooleanMask, valuesContain } from '../pandas/column.ts';
import { isTruthy, lower, pyIn, PythonError, requireHashable, typeName, type Cell, type PyValue, type ToolArgs } from '../python-semantics.ts';
import type { Workspace } from '../workspace.ts';
import { argument, assignWhereId, dropRowsWithId, fieldOf, firstRecordWithId, nextPaddedId, records, rowsWhere, type WorkplaceTool } from './tool.ts';

const LISTS = ['Backlog', 'In Progress', 'In Review', 'Completed'];
const BOARDS = ['Back end', 'Front end', 'Design'];
const LIST_MESSAGE = "List not valid. Please choose from: 'Backlog', 'In Progress', 'In Review', 'Completed'.";
const BOARD_MESSAGE = "Board not valid. Please choose from: 'Back end', 'Front end', 'Design'.";
const ASSIGNEE_MESSAGE = 'Assignee email not valid. Please choose from the list of team members.';
const FIELDS = ['task_name', 'assigned_to_email', 'list_name', 'due_date', 'board'];

/** `re.match(r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$", value)` (`$` also matches before a final newline). */
function isEmailFormat(value: PyValue): boolean {
  if (typeof value !== 'string') throw new PythonError(`expected string or bytes-like object, got '${typeName(value)}'`);
  return /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}\n?$/.test(value);
}

/** `df["assigned_to_email"].str.lower()`. */
function loweredAssignees(cells: readonly Cell[]): Cell[] {
  return cells.map((cell) => (typeof cell === 'string' ? cell.toLowerCase() : isMissing(cell) ? cell : null));
}

function getTaskInformationById(workspace: Workspace, args: ToolArgs): PyValue {
  const taskId = argument(args, 'task_id');
  const field = argument(args, 'field');
  if (!isTruthy(taskId)) return 'Task ID not provided.';
  if (!isTruthy(field)) return 'Field not provided.';
  const task = firstRecordWithId(workspace.projectTasks, 'task_id', taskId);
  if (!task) return 'Task not found.';
  return fieldOf(task, field) ?? 'Field not found.';
}

function searchTasks(workspace: Workspace, args: ToolArgs): PyValue {
  const values = Object.fromEntries(FIELDS.map((name) => [name, argument(args, name)])) as Record<string, PyValue>;
  if (!FIELDS.some((name) => isTruthy(values[name]!))) return 'No search parameters provided.';
  const email = values.assigned_to_email!;
  if (isTruthy(email) && !isEmailFormat(email)) return 'Invalid email format for assigned_to_email.';
  const table = workspace.projectTasks;
  let tasks = table.rows;
  const column = (name: string) => tasks.map((row) => row[name] ?? null);
  for (const name of FIELDS) {
    const value = values[name]!;
    if (!isTruthy(value)) continue;
    if (name === 'assigned_to_email') {
      const wanted = lower(value);
      tasks = rowsWhere(tasks, loweredAssignees(column(name)).map((cell) => cell === wanted));
    } else {
      tasks = rowsWhere(tasks, requireBooleanMask(containsMask(column(name), table.dtype(name), value)));
    }
  }
  return records(table, tasks);
}

function createTask(workspace: Workspace, args: ToolArgs): PyValue {
  const [taskName, assignee, listName, dueDate, board] = FIELDS.map((name) => argument(args, name)) as PyValue[];
  if (![taskName, assignee, listName, dueDate, board].every((value) => isTruthy(value!))) return 'Missing task details.';
  const table = workspace.projectTasks;
  const email = lower(assignee!);
  if (!valuesContain(loweredAssignees(table.column('assigned_to_email')), email)) return ASSIGNEE_MESSAGE;
  if (!pyIn(listName!, LISTS)) return LIST_MESSAGE;
  if (!pyIn(board!, BOARDS)) return BOARD_MESSAGE;
  const taskId = nextPaddedId(table, 'task_id');
  table.concat({ task_id: taskId, task_name: taskName!, assigned_to_email: email, list_name: listName!, due_date: dueDate!, board: board! }, { ignoreIndex: true });
  return taskId;
}

function deleteTask(workspace: Workspace, args: ToolArgs): PyValue {
  const taskId = argument(args, 'task_id');
  if (!isTruthy(taskId)) return 'Task ID not provided.';
  return dropRowsWithId(workspace.projectTasks, 'task_id', taskId) ? 'Task deleted successfully.' : 'Task not found.';
}

function updateTask(workspace: Workspace, args: ToolArgs): PyValue {
  const taskId = argument(args, 'task_id');
  const field = argument(args, 'field');
  let newValue = argument(args, 'new_value');
  if (!isTruthy(taskId) || !isTruthy(field) || !isTruthy(newValue)) return 'Task ID, field, or new value not provided.';
  const table = workspace.projectTasks;
  if (field === 'assigned_to_email') newValue = lower(newValue);
  if (field === 'board' && !pyIn(newValue, BOARDS)) return BOARD_MESSAGE;
  if (field === 'list_name' && !pyIn(newValue, LISTS)) return LIST_MESSAGE;
  if (field === 'assigned_to_email' && !valuesContain(loweredAssignees(table.column('assigned_to_email')), newValue)) return ASSIGNEE_MESSAGE;
  if (!valuesContain(table.column('task_id'), taskId)) return 'Task not found.';
  requireHashable(field);
  if (typeof field !== 'string' || !table.columns.includes(field)) return 'Field not valid.';
  assignWhereId(table, 'task_id', taskId, field, newValue);
  return 'Task updated successfully.';
}

export const projectManagementTools: WorkplaceTool[] = [
  { name: 'project_management_get_task_information_by_id', qualifiedName: 'ProjectManagementTool.get_task_information_by_id', parameters: ['task_id', 'field'], run: getTaskInformationById },
  { name: 'project_management_search_tasks', qualifiedName: 'ProjectManagementTool.search_tasks', parameters: FIELDS, run: searchTasks },
  { name: 'project_management_create_task', qualifiedName: 'ProjectManagementTool.create_task', parameters: FIELDS, run: createTask },
  { name: 'project_management_delete_task', qualifiedName: 'ProjectManagementTool.delete_task', parameters: ['task_id'], run: deleteTask },
  { name: 'project_management_update_task', qualifiedName: 'ProjectManagementTool.update_task', parameters: ['task_id', 'field', 'new_value'], run: updateTask },
];
