/** Shared by the CLI commands that read a study: import the files, report what failed, never half-print. */
import { readFileSync } from 'node:fs';
import { parseCsvRecord } from '../core/ingest/csv.ts';
import { importFiles } from '../core/ingest/index.ts';
import type { Study } from '../core/study/study.ts';
import { nodeInputFiles } from '../node/files.ts';
import type { ParsedArgs } from './args.ts';

export interface Loaded {
  study: Study;
  warnings: string[];
}

/** Imports the positional paths; prints each file's error to stderr and returns null when any file failed. */
export async function loadStudy(args: ParsedArgs, usage: string): Promise<Loaded | null> {
  if (!args.positional.length) {
    process.stderr.write(`usage: ${usage}\n`);
    return null;
  }
  const lmEval: { filter?: string; metric?: string } = {};
  if (typeof args.flags.filter === 'string') lmEval.filter = args.flags.filter;
  if (typeof args.flags.metric === 'string') lmEval.metric = args.flags.metric;
  const result = await importFiles(await nodeInputFiles(args.positional), { lmEval });
  const failed = result.files.filter((f) => f.error);
  for (const f of failed) process.stderr.write(`error: ${f.error}\n`);
  if (failed.length) return null;
  return { study: result.study, warnings: [...result.files.flatMap((f) => f.warnings), ...result.warnings] };
}

/** `--set key=value` pairs in the form applySettings takes. */
export function settingsOf(args: ParsedArgs): string[] {
  return Object.entries(args.set).map(([k, v]) => `${k}=${v}`);
}

/** A numeric flag, or undefined when absent; throws naming the flag when it is not a number. */
export function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isFinite(n)) throw new Error(`--${name} must be a number, not "${v}"`);
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
    if (!lines[i].trim()) continue;
    const cells = parseCsvRecord(lines[i], path, i + 1) ?? [];
    if (cells.length !== header.length) {
      throw new Error(`${path}: line ${i + 1}: expected ${header.length} values, found ${cells.length}`);
    }
    rows.push(
      cells.map((c, j) => {
        const v = Number(c);
        if (c.trim() === '' || !Number.isFinite(v)) {
          throw new Error(`${path}: line ${i + 1}, column "${header[j]}": expected a number, found "${c}"`);
        }
        return v;
      }),
    );
  }
  if (!rows.length) throw new Error(`${path}: no data rows after the header`);
  return { header, rows };
}
