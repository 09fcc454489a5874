// The CSV directory (WorkBench layout, as NeMo Gym ships it) read the way the tools' `pd.read_csv` reads it, once
// per process, into frozen tables every session shares.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.ts';
import { NAN, type Cell, type Row } from './python-semantics.ts';
import { tableFromRows, type TableData } from './table.ts';

export interface BaseData {
  readonly emails: TableData;
  readonly calendarEvents: TableData;
  readonly analytics: TableData;
  readonly projectTasks: TableData;
  readonly customers: TableData;
  /** raw/email_addresses.csv: the company directory (NaN where pandas reads a missing value). */
  readonly directory: readonly Cell[];
}

export const EMPTY_PLOTS: TableData = tableFromRows(['file_path'], [], { file_path: 'object' });

/** The strings `pd.read_csv` reads as missing values by default. */
const NA_STRINGS = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
  '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

function cellOf(field: string | null | undefined): Cell {
  return field === null || field === undefined || NA_STRINGS.has(field) ? NAN : field;
}

function readRecords(path: string): (string | null)[][] {
  try {
    return parseCsv(readFileSync(path, 'utf8')).filter((record) => !(record.length === 1 && record[0] === null));
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** `pd.read_csv(path, dtype=str)`. */
function readTable(path: string): { columns: string[]; rows: Record<string, Cell>[] } {
  const [header, ...body] = readRecords(path);
  if (!header) throw new Error(`${path} is empty: expected a header line`);
  const columns = header.map((name) => name ?? '');
  const rows = body.map((record) => Object.fromEntries(columns.map((column, index) => [column, cellOf(record[index])])));
  return { columns, rows };
}

function strTable(path: string): TableData {
  const { columns, rows } = readTable(path);
  return tableFromRows(columns, rows);
}

/** AnalyticsTool.reset_state: `user_engaged` becomes a bool column (`== "True"`). */
function analyticsTable(path: string): TableData {
  const { columns, rows } = readTable(path);
  const converted: Row[] = rows.map((row) => ({ ...row, user_engaged: row.user_engaged === 'True' }));
  return tableFromRows(columns, converted, { user_engaged: 'bool' });
}

/** Load `<dataDir>/processed/*.csv` and `<dataDir>/raw/email_addresses.csv` (no header line). */
export function loadBaseData(dataDir: string): BaseData {
  const processed = join(dataDir, 'processed');
  return Object.freeze({
    emails: strTable(join(processed, 'emails.csv')),
    calendarEvents: strTable(join(processed, 'calendar_events.csv')),
    analytics: analyticsTable(join(processed, 'analytics_data.csv')),
    projectTasks: strTable(join(processed, 'project_tasks.csv')),
    customers: strTable(join(processed, 'customer_relationship_manager_data.csv')),
    directory: Object.freeze(readRecords(join(dataDir, 'raw', 'email_addresses.csv')).map((record) => cellOf(record[0]))),
  });
}
