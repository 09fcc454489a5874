// State-based verification (utils.is_correct): replay the predicted and the ground-truth calls on fresh
// environments, lower-case most columns, and compare the five tables the way `DataFrame.equals` does.
import type { BaseData } from './base-data.ts';
import { isMissing, type Dtype } from './pandas/column.ts';
import { JsonDecodeError, pythonJsonLoads } from './python-json.ts';
import { isDict, NAN, PythonError, pyEquals, type Cell } from './python-semantics.ts';
import type { Table } from './table.ts';
import { callTool } from './tools/tool.ts';
import { WORKPLACE_TOOLS } from './tools/index.ts';
import { createWorkspace, type Workspace } from './workspace.ts';

export interface FunctionCall {
  name: unknown;
  arguments: unknown;
}

/** Columns `convert_strs_to_lowercase` leaves as they are. */
const CASE_KEPT_COLUMNS = new Set(['status', 'list_name', 'board']);

/** execute_actions_and_reset_state: `functions[name](**json.loads(arguments))`; a call that raises is skipped. */
export function replay(base: BaseData, calls: readonly FunctionCall[]): Workspace {
  const workspace = createWorkspace(base);
  for (const call of calls) {
    try {
      const tool = typeof call.name === 'string' ? WORKPLACE_TOOLS.get(call.name) : undefined;
      if (!tool || typeof call.arguments !== 'string') continue;
      const args = pythonJsonLoads(call.arguments);
      if (!isDict(args)) continue;
      callTool(tool, workspace, args);
    } catch (error) {
      if (!(error instanceof PythonError || error instanceof JsonDecodeError)) throw error;
    }
  }
  return workspace;
}

/** A column after `df[col].str.lower()`: strings lower-cased, every other value NaN (case-kept columns unchanged). */
function normalised(table: Table, column: string): { dtype: Dtype; values: Cell[] } {
  const values = table.column(column);
  if (CASE_KEPT_COLUMNS.has(column)) return { dtype: table.dtype(column), values };
  return { dtype: table.dtype(column), values: values.map((cell) => (typeof cell === 'string' ? cell.toLowerCase() : NAN)) };
}

function cellsEquivalent(a: Cell, b: Cell): boolean {
  return (isMissing(a) && isMissing(b)) || pyEquals(a, b);
}

/** `DataFrame.equals` after normalisation: same columns, index labels, dtypes and values (missing equals missing). */
export function tablesEqual(a: Table, b: Table): boolean {
  if (a.length !== b.length || a.columns.join('\u0000') !== b.columns.join('\u0000')) return false;
  if (a.labels.some((label, index) => label !== b.labels[index])) return false;
  return a.columns.every((column) => {
    const left = normalised(a, column);
    const right = normalised(b, column);
    return left.dtype === right.dtype && left.values.every((cell, index) => cellsEquivalent(cell, right.values[index]!));
  });
}

/** The five compared tables (the analytics visits and the directory are not compared). */
export function workspacesEqual(a: Workspace, b: Workspace): boolean {
  return (
    tablesEqual(a.calendarEvents, b.calendarEvents) &&
    tablesEqual(a.emails, b.emails) &&
    tablesEqual(a.plots, b.plots) &&
    tablesEqual(a.projectTasks, b.projectTasks) &&
    tablesEqual(a.customers, b.customers)
  );
}

/** The function_call items of a response's output, in order (reads included). */
export function functionCallsOf(output: unknown): FunctionCall[] {
  if (!Array.isArray(output)) return [];
  return output
    .filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object' && item.type === 'function_call')
    .map((item) => ({ name: item.name, arguments: item.arguments }));
}

/** The ground truth's calls: a list as given; a string is iterated character by character there, so none run. */
export function groundTruthCalls(groundTruth: unknown): FunctionCall[] {
  if (!Array.isArray(groundTruth)) return [];
  return groundTruth.filter((item): item is FunctionCall => item !== null && typeof item === 'object');
}

/** 1.0 iff replaying the predicted calls leaves the same five tables as replaying the ground truth. */
export function rewardFor(base: BaseData, predicted: readonly FunctionCall[], groundTruth: readonly FunctionCall[]): number {
  return workspacesEqual(replay(base, predicted), replay(base, groundTruth)) ? 1.0 : 0.0;
}
