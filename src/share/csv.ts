/** CSV writing (RFC 4180) for the page's exports; pure, so the contracts are tested in node. */
import type { PredictionRow } from '../core/study/types.ts';

export type Cell = string | number | null | undefined;

/** Spreadsheets run a text cell starting with these as a formula; such cells get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(v: Cell): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  if (typeof v === 'number') return String(v);
  const text = FORMULA_START.test(v) && !/^[+-]?\d/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text: comma-separated, quoted where needed, CRLF-free (one "\n" per row, trailing newline). */
export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export const PREDICTION_CSV_HEADER = ['benchmark', 'method', 'predicted', 'low', 'high', 'actual'];

/** One row of the prediction table: scores as fractions, null when unknown or refused. */
export type PredictionCsvRow = Pick<
  PredictionRow,
  'benchmark' | 'method' | 'predicted' | 'low' | 'high' | 'actual'
>;

/** The prediction table as CSV: one row per benchmark and method, scores as fractions, empty when unknown. */
export function predictionsCsv(rows: readonly PredictionCsvRow[]): string {
  return toCsv(
    PREDICTION_CSV_HEADER,
    rows.map((r) => [r.benchmark, r.method, r.predicted, r.low, r.high, r.actual]),
  );
}
