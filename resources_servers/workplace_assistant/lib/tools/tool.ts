// What a workplace tool is (its Python method, keyword parameters and behaviour) and the pieces several share:
// keyword checking, new ids, pagination, row filtering.
import { assignedCells, columnMax, equalsMask, valuesContain } from '../pandas/column.ts';
import { arithmetic, pyInt, pyMax, pyMin, pySlice, zfill } from '../python-ops.ts';
import { pyCompare, PythonError, pyStr, requireHashable, type Cell, type PyDict, type PyValue, type Row, type ToolArgs } from '../python-semantics.ts';
import type { Table } from '../table.ts';
import type { Workspace } from '../workspace.ts';

export interface WorkplaceTool {
  readonly name: string;
  /** `EmailTool.send_email`: how Python names the bound method in a TypeError. */
  readonly qualifiedName: string;
  readonly parameters: readonly string[];
  /** Returns the tool's result; throws PythonError where the Python tool raises. */
  run(workspace: Workspace, args: ToolArgs): PyValue;
}

/** Call a tool as `function(**args)`: an unknown keyword raises TypeError before the body runs. */
export function callTool(tool: WorkplaceTool, workspace: Workspace, args: ToolArgs): PyValue {
  for (const key of args.keys()) {
    if (!tool.parameters.includes(key)) throw new PythonError(`${tool.qualifiedName}() got an unexpected keyword argument '${key}'`);
  }
  return tool.run(workspace, args);
}

/** The argument as passed (None included), or the Python default when absent. */
export function argument(args: ToolArgs, name: string, fallback: PyValue = null): PyValue {
  return args.has(name) ? args.get(name)! : fallback;
}

/** `int(df[column].max()) + 1` as a string (`str(...)`). */
export function nextId(table: Table, column: string): string {
  return pyStr(arithmetic('add', pyInt(columnMax(table.column(column))), 1));
}

/** `str(int(df[column].max()) + 1).zfill(8)`. */
export function nextPaddedId(table: Table, column: string): string {
  return zfill(nextId(table, column), 8);
}

/** `df[column] == id` (or `!=`). */
export function idMask(table: Table, column: string, id: PyValue, op: '==' | '!=' = '=='): boolean[] {
  return equalsMask(table.column(column), table.dtype(column), id, op);
}

/** `if id in df[column].values: df = df[df[column] != id]`: whether there was a row to drop. */
export function dropRowsWithId(table: Table, column: string, id: PyValue): boolean {
  if (!valuesContain(table.column(column), id)) return false;
  table.keepWhere(idMask(table, column, id, '!='));
  return true;
}

/** `df.loc[df[column] == id, field] = value`, storing what pandas stores (or raising what it raises). */
export function assignWhereId(table: Table, column: string, id: PyValue, field: string, value: PyValue): void {
  const mask = idMask(table, column, id);
  table.assign(mask, field, assignedCells(table.dtype(field), value, mask.filter(Boolean).length));
}

/** `df[df[column] == id].to_dict(orient="records")`: the first record, if any. */
export function firstRecordWithId(table: Table, column: string, id: PyValue): PyDict | undefined {
  return records(table, rowsWhere(table.rows, idMask(table, column, id)))[0];
}

/** `{field: record[field]}` when `field in record` (which hashes the field first), else undefined. */
export function fieldOf(record: PyDict, field: PyValue): PyDict | undefined {
  requireHashable(field);
  return typeof field === 'string' && record.has(field) ? new Map([[field, record.get(field)!]]) : undefined;
}

/** The rows where `mask` holds. */
export function rowsWhere(rows: readonly Row[], mask: readonly boolean[]): Row[] {
  return rows.filter((_, index) => mask[index]);
}

/** `df.to_dict(orient="records")` in column order, as a list of Python dicts. */
export function records(table: { columns: readonly string[] }, rows: readonly Row[]): PyDict[] {
  return rows.map((row) => new Map(table.columns.map((column) => [column, row[column] ?? null])));
}

/**
 * The pagination block the search tools share:
 *   total_pages = (total + page_size - 1) // page_size
 *   page = max(1, min(page, total_pages)) if total_pages > 0 else 1
 *   items[(page - 1) * page_size : min(start + page_size, total)]   (sliced only when the caller returns a page)
 */
export function paginate<T>(items: readonly T[], page: PyValue, pageSize: PyValue, totalKey: string): { page: () => T[]; pagination: PyDict } {
  const total = items.length;
  const totalPages = arithmetic('floordiv', arithmetic('sub', arithmetic('add', total, pageSize), 1), pageSize);
  const current = pyCompare(totalPages, '>', 0) ? pyMax(1, pyMin(page, totalPages)) : 1;
  const start = arithmetic('mul', arithmetic('sub', current, 1), pageSize);
  const end = pyMin(arithmetic('add', start, pageSize), total);
  const pagination: PyDict = new Map([[totalKey, total], ['page', current], ['page_size', pageSize], ['total_pages', totalPages]]);
  return { page: () => pySlice(items, start, end), pagination };
}

export type { Cell };
