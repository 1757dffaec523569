/**
 * Numbers from the command line (plain and compute flags) and from plain numeric CSVs: kept apart from load.ts, so
 * that the commands that take points rather than a study (cluster, fit) do not load every importer.
 */
import { readFileSync } from 'node:fs';
import { parsePlannedRun } from '../core/compute/index.ts';
import { parseCsvRecord } from '../core/ingest/csv.ts';
import { UsageError, type ParsedArgs } from './args.ts';

/** A numeric flag, or undefined when absent; throws naming the flag when it is not a number. */
export function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || v.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number, not "${v}"`);
  return n;
}

/** A CSV of numeric columns with a header row, as columns by name; errors name the file, line and column. */
export function readNumericCsv(path: string): { header: string[]; rows: number[][] } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = (parseCsvRecord(lines[0] ?? '', path, 1) ?? []).map((h) => h.trim());
  if (!header.length || header.every((h) => h === ''))
    throw new Error(`${path}: line 1: expected a header row`);
  const rows: number[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    // a line that starts with a visible character is not blank (no trim of every line)
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && !line.trim())) continue;
    // a record without quotes is its text split at commas (the CSV parser's own reading of it, 3× faster cold)
    const cells = line.includes('"') ? (parseCsvRecord(line, path, i + 1) ?? []) : line.split(',');
    if (cells.length !== header.length) {
      throw new Error(`${path}: line ${i + 1}: expected ${header.length} values, found ${cells.length}`);
    }
    const row = new Array<number>(cells.length);
    for (let j = 0; j < cells.length; j++) {
      const c = cells[j];
      const v = Number(c);
      // Number reads a blank cell as 0: only a 0 needs the blank check
      if (!Number.isFinite(v) || (v === 0 && c.trim() === '')) {
        throw new Error(`${path}: line ${i + 1}, column "${header[j]}": expected a number, found "${c}"`);
      }
      row[j] = v;
    }
    rows.push(row);
  }
  if (!rows.length) throw new Error(`${path}: no data rows after the header`);
  return { header, rows };
}

/** Help line of every compute flag. */
export const COMPUTE_NOTATIONS =
  'Compute takes the page’s notations: FLOPs ("6e23", "6.3e24 FLOPs") or a planned run ("70B on 15T tokens").';

/** A compute flag in FLOPs, read with the page's planned-run parser; the error names the flag. */
export function parseComputeFlag(name: string, text: string): number {
  try {
    return parsePlannedRun(text).flops;
  } catch (e) {
    throw new UsageError(`--${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
