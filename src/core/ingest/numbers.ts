/**
 * The one strict number reader of every importer: decimal and exponent forms only ("0.25", "-3", ".5", "1e-3"),
 * never hex, binary, octal, "Infinity", empty text or a number with trailing text; integers where integers are meant;
 * always finite and within the field's range. Errors name the file, line and field.
 */
import { StudyError } from '../study/study.ts';

const DECIMAL = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What a numeric field may hold. Bounds are inclusive unless `above` is set (then the value must exceed it). */
export interface NumberRule {
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
  integer?: boolean;
  /** How the range reads in a message, e.g. "a pass rate in [0,1]". */
  what?: string;
}

/** Where a value came from, for the error message. */
export interface Where {
  file?: string;
  line?: number;
  field?: string;
}

/** The value of `text` in decimal or exponent form, or NaN for anything else (including non-finite results). */
export function strictNumber(text: string): number {
  if (!DECIMAL.test(text)) return NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v + 0 : NaN;
}

function describe(rule: NumberRule): string {
  if (rule.what) return rule.what;
  const kind = rule.integer ? 'an integer' : 'a number';
  const lo = rule.above !== undefined ? `> ${rule.above}` : rule.min !== undefined ? `≥ ${rule.min}` : '';
  const hi = rule.max !== undefined ? `≤ ${rule.max}` : '';
  return [kind, [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
}

/** Throws unless `v` is finite, of the right kind and within the rule's range. `shown` is the text to quote. */
export function checkNumber(v: number, rule: NumberRule, where: Where, shown: string = String(v)): number {
  const fail = (why: string) => {
    throw new StudyError(
      `expected ${describe(rule)}, got "${shown}"${why}`,
      where.file,
      where.line,
      where.field,
    );
  };
  if (!Number.isFinite(v)) fail('');
  if (rule.integer && !Number.isInteger(v)) fail(' (not an integer)');
  if (rule.min !== undefined && v < rule.min) fail(` (below ${rule.min})`);
  if (rule.above !== undefined && !(v > rule.above)) fail(` (must be above ${rule.above})`);
  if (rule.max !== undefined && v > rule.max) fail(` (above the limit ${rule.max})`);
  return v + 0;
}

/** Reads a numeric field strictly (see the module comment); throws a StudyError naming file, line and field. */
export function parseNumber(text: string, rule: NumberRule, where: Where): number {
  const t = text.trim();
  const v = strictNumber(t);
  if (Number.isNaN(v)) {
    const hint = /^[+-]?0[xXbBoO]/.test(t)
      ? ' (hex, binary and octal are not accepted)'
      : /^\d+,\d+$/.test(t)
        ? ' (use a decimal point, not a comma)'
        : t === ''
          ? ' (empty)'
          : '';
    throw new StudyError(
      `expected ${describe(rule)} in decimal or exponent form (e.g. 0.25, 1e-3), got "${clip(t)}"${hint}`,
      where.file,
      where.line,
      where.field,
    );
  }
  return checkNumber(v, rule, where, t);
}

/** A JSON value that must be a number (booleans count as 0/1 when `booleans` is set). */
export function jsonNumber(v: unknown, rule: NumberRule, where: Where, booleans = false): number {
  if (booleans && typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'number') {
    throw new StudyError(
      `expected ${describe(rule)}, got ${v === null ? 'null' : typeof v === 'string' ? `the string "${clip(v)}"` : typeof v}`,
      where.file,
      where.line,
      where.field,
    );
  }
  return checkNumber(v, rule, where);
}

/** Text shortened for a message. */
export function clip(text: string, n = 40): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

/** A pass rate: a number in [0,1]. */
export const PASS_RATE: NumberRule = { min: 0, max: 1, what: 'a pass rate in [0,1]' };
