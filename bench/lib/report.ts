// What a measurement produces (figures beside their targets) and how the run prints and judges them.
import { round } from './stats.ts';

export interface Target {
  op: '>=' | '<';
  value: number;
}

export interface Figure {
  /** Stable key in the results JSON, e.g. "throughput.c64.ratio_to_ceiling". */
  key: string;
  label: string;
  /** null when the measurement could not produce it (the reason is in the measurement's `error`). */
  value: number | null;
  unit: string;
  target?: Target;
  /** Set when the measurement behind the figure cannot be trusted (why): never judged as a pass. */
  invalid?: string;
}

export interface MeasurementResult {
  name: string;
  title: string;
  figures: Figure[];
  /** Everything else worth keeping: sizes, per-route counts, limits, raw samples summaries. */
  details: Record<string, unknown>;
  /** Why the measurement did not complete (its figures are then null and count as missed). */
  error?: string;
  elapsedMs: number;
}

export type Verdict = 'ok' | 'MISSED' | 'INVALID' | 'n/a';

/** Whether a figure meets its target; a figure without target is informative only. */
export function verdictOf(figure: Figure): Verdict {
  if (figure.invalid !== undefined) return 'INVALID';
  if (!figure.target) return 'n/a';
  if (figure.value === null || Number.isNaN(figure.value)) return 'MISSED';
  const { op, value } = figure.target;
  return (op === '>=' ? figure.value >= value : figure.value < value) ? 'ok' : 'MISSED';
}

function formatValue(figure: Figure): string {
  if (figure.value === null || Number.isNaN(figure.value)) return '-';
  const digits = Math.abs(figure.value) >= 100 ? 0 : Math.abs(figure.value) >= 10 ? 1 : 2;
  return `${round(figure.value, digits).toLocaleString('en-US')} ${figure.unit}`.trim();
}

function formatTarget(figure: Figure): string {
  if (!figure.target) return '';
  return `${figure.target.op} ${figure.target.value.toLocaleString('en-US')} ${figure.unit}`.trim();
}

/** The table printed at the end: one row per figure, value beside target and verdict. */
export function formatTable(results: readonly MeasurementResult[]): string {
  const rows: string[][] = [['measurement', 'figure', 'value', 'target', '']];
  for (const result of results) {
    if (result.error) rows.push([result.title, `error: ${result.error.split('\n')[0]!.slice(0, 110)}`, '', '', 'MISSED']);
    for (const figure of result.figures) {
      const verdict = verdictOf(figure);
      rows.push([result.title, figure.label, formatValue(figure), formatTarget(figure), verdict === 'n/a' ? '' : verdict]);
      if (figure.invalid !== undefined) rows.push(['', `  invalid: ${figure.invalid.slice(0, 120)}`, '', '', '']);
    }
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Every figure with a target that was missed, plus every measurement that failed. */
export function missedTargets(results: readonly MeasurementResult[]): string[] {
  const missed: string[] = [];
  for (const result of results) {
    if (result.error) missed.push(`${result.name}: ${result.error.split('\n')[0]}`);
    for (const figure of result.figures) {
      if (verdictOf(figure) === 'MISSED' && !result.error) missed.push(`${figure.key} = ${formatValue(figure)} (target ${formatTarget(figure)})`);
    }
  }
  return missed;
}

/** Every figure with a target whose measurement cannot be trusted, with why (an informative figure shown
 * as invalid does not fail the run: it judges nothing). */
export function invalidFigures(results: readonly MeasurementResult[]): string[] {
  return results.flatMap((result) => result.figures.filter((figure) => figure.invalid !== undefined && figure.target !== undefined).map((figure) => `${figure.key}: ${figure.invalid}`));
}
