// AnalyticsTool over processed/analytics_data.csv and the created plots: each method mirrors the Python one.
import { equalsMask, isMissing, orderMask } from '../pandas/column.ts';
import { compareText, isTruthy, NAN, PyFloat, pyIn, PythonError, pyRepr, pyStr, type Cell, type PyDict, type PyValue, type Row, type ToolArgs } from '../python-semantics.ts';
import type { Table } from '../table.ts';
import type { Workspace } from '../workspace.ts';
import { argument, records, rowsWhere, type WorkplaceTool } from './tool.ts';

const PLOTTABLE_VALUES = ['total_visits', 'session_duration_seconds', 'user_engaged', 'visits_direct', 'visits_referral', 'visits_search_engine', 'visits_social_media'];
const PLOT_TYPES = ['bar', 'line', 'scatter', 'histogram'];

/** The visits of `date_of_visit >= time_min` then `<= time_max`; `isOriginal` when no filter applied (the same frame). */
function visitsInRange(table: Table, args: ToolArgs): { rows: readonly Row[]; isOriginal: boolean } {
  const timeMin = argument(args, 'time_min');
  const timeMax = argument(args, 'time_max');
  let rows: readonly Row[] = table.rows;
  let isOriginal = true;
  for (const [bound, op] of [[timeMin, '>='], [timeMax, '<=']] as const) {
    if (!isTruthy(bound)) continue;
    rows = rowsWhere(rows, orderMask(rows.map((row) => row.date_of_visit ?? null), table.dtype('date_of_visit'), op, bound));
    isOriginal = false;
  }
  return { rows, isOriginal };
}

/** `data.groupby("date_of_visit")` reduced to one value per date, dates ascending (missing dates dropped). */
function perDate(rows: readonly Row[], reduce: (group: Row[]) => PyValue): PyDict {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const date = row.date_of_visit ?? null;
    if (isMissing(date)) continue;
    const key = pyStr(date);
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  return new Map([...groups.keys()].sort(compareText).map((date) => [date, reduce(groups.get(date)!)]));
}

/** `float(text)` as `astype(float)` applies it to a str cell. */
function asFloat(cell: Cell): number {
  if (cell instanceof PyFloat) return cell.value;
  if (typeof cell === 'number') return cell;
  const text = String(cell).trim();
  const value = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) ? Number(text)
    : /^[+-]?(?:inf|infinity)$/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity)
      : /^[+-]?nan$/i.test(text) ? Number.NaN : undefined;
  if (value === undefined) throw new PythonError(`could not convert string to float: ${pyRepr(cell)}`, 'ValueError');
  return value;
}

/** pandas' groupby mean: Kahan-compensated sum over the non-missing values, divided by their count. */
function kahanMean(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  let count = 0;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    const y = value - compensation;
    const t = sum + y;
    compensation = t - sum - y;
    if (Number.isNaN(compensation)) compensation = 0;
    sum = t;
    count += 1;
  }
  return count === 0 ? Number.NaN : sum / count;
}

function getAverageSessionDuration(workspace: Workspace, args: ToolArgs): PyValue {
  const table = workspace.analytics;
  const { rows, isOriginal } = visitsInRange(table, args);
  const durations = rows.map((row) => new PyFloat(asFloat(row.session_duration_seconds ?? NAN)));
  // `data` is the tool's own frame when no bound applied: the float column then replaces the strings for good.
  if (isOriginal && table.dtype('session_duration_seconds') !== 'float64') table.replaceColumn('session_duration_seconds', durations, 'float64');
  const withDurations = rows.map((row, index) => ({ ...row, session_duration_seconds: durations[index]! }));
  return perDate(withDurations, (group) => new PyFloat(kahanMean(group.map((row) => (row.session_duration_seconds as PyFloat).value))));
}

export const analyticsTools: WorkplaceTool[] = [
  {
    name: 'analytics_get_visitor_information_by_id',
    qualifiedName: 'AnalyticsTool.get_visitor_information_by_id',
    parameters: ['visitor_id'],
    run: (workspace, args) => {
      const visitorId = argument(args, 'visitor_id');
      if (!isTruthy(visitorId)) return 'Visitor ID not provided.';
      const table = workspace.analytics;
      const visits = records(table, rowsWhere(table.rows, equalsMask(table.column('visitor_id'), table.dtype('visitor_id'), visitorId, '==')));
      return visits.length > 0 ? visits : 'Visitor not found.';
    },
  },
  {
    name: 'analytics_create_plot',
    qualifiedName: 'AnalyticsTool.create_plot',
    parameters: ['time_min', 'time_max', 'value_to_plot', 'plot_type'],
    run: (workspace, args) => {
      const timeMin = argument(args, 'time_min');
      const timeMax = argument(args, 'time_max');
      const valueToPlot = argument(args, 'value_to_plot');
      const plotType = argument(args, 'plot_type');
      if (!isTruthy(timeMin)) return 'Start date not provided.';
      if (!isTruthy(timeMax)) return 'End date not provided.';
      if (!pyIn(valueToPlot, PLOTTABLE_VALUES)) {
        return `Value to plot must be one of ${PLOTTABLE_VALUES.map((value) => `'${value}'`).join(', ')}`;
      }
      if (!pyIn(plotType, PLOT_TYPES)) return "Plot type must be one of 'bar', 'line', 'scatter', or 'histogram'";
      const filePath = `plots/${pyStr(timeMin)}_${pyStr(timeMax)}_${pyStr(valueToPlot)}_${pyStr(plotType)}.png`;
      workspace.plots.setAtLengthLabel({ file_path: filePath });
      return filePath;
    },
  },
  {
    name: 'analytics_total_visits_count',
    qualifiedName: 'AnalyticsTool.total_visits_count',
    parameters: ['time_min', 'time_max'],
    run: (workspace, args) => perDate(visitsInRange(workspace.analytics, args).rows, (group) => group.length),
  },
  {
    name: 'analytics_engaged_users_count',
    qualifiedName: 'AnalyticsTool.engaged_users_count',
    parameters: ['time_min', 'time_max'],
    run: (workspace, args) =>
      perDate(visitsInRange(workspace.analytics, args).rows, (group) => group.filter((row) => isTruthy(row.user_engaged ?? null)).length),
  },
  {
    name: 'analytics_traffic_source_count',
    qualifiedName: 'AnalyticsTool.traffic_source_count',
    parameters: ['time_min', 'time_max', 'traffic_source'],
    run: (workspace, args) => {
      const table = workspace.analytics;
      const { rows } = visitsInRange(table, args);
      const source = argument(args, 'traffic_source');
      if (!isTruthy(source)) return perDate(rows, (group) => group.length);
      const fromSource = equalsMask(rows.map((row) => row.traffic_source ?? null), table.dtype('traffic_source'), source, '==');
      const flagged = rows.map((row, index) => ({ ...row, visits_from_source: fromSource[index]! }));
      return perDate(flagged, (group) => group.filter((row) => row.visits_from_source === true).length);
    },
  },
  {
    name: 'analytics_get_average_session_duration',
    qualifiedName: 'AnalyticsTool.get_average_session_duration',
    parameters: ['time_min', 'time_max'],
    run: getAverageSessionDuration,
  },
];
