/**
 * A session as a file: the page is static, so sharing an analysis means handing someone a file that any copy of
 * the app opens (drop it, or pick it with the file input). Typed arrays are written as plain arrays (NaN as null).
 */
import type { PredictParams } from '../study/types.ts';
import { migrateSession, SESSION_VERSION, type SessionRecord } from './schema.ts';

export const SHARE_SUFFIX = '.scalecast.json';
const FORMAT = 'scalecast-session';

/** True for a file name the app opens as a shared session rather than importing as results. */
export function isSharedSession(path: string): boolean {
  return path.toLowerCase().endsWith(SHARE_SUFFIX);
}

/** The session as the text of a `.scalecast.json` file. */
export function encodeSession(record: SessionRecord): string {
  return JSON.stringify({ format: FORMAT, version: SESSION_VERSION, record }, (_key, value) => {
    if (value instanceof Float64Array)
      return { $f64: Array.from(value, (x) => (Number.isNaN(x) ? null : x)) };
    if (value instanceof Uint32Array) return { $u32: Array.from(value) };
    return value;
  });
}

function revive(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object') {
    const v = value as { $f64?: (number | null)[]; $u32?: number[] };
    if (Array.isArray(v.$f64)) return Float64Array.from(v.$f64, (x) => (x === null ? NaN : x));
    if (Array.isArray(v.$u32)) return Uint32Array.from(v.$u32);
  }
  return value;
}

/**
 * Reads a `.scalecast.json` file back into a session (upgrading older schema versions). Errors name the file and
 * what is wrong with it.
 */
export function decodeSession(text: string, path: string, defaults: PredictParams): SessionRecord {
  let json: { format?: unknown; version?: unknown; record?: unknown };
  try {
    json = JSON.parse(text, revive);
  } catch (e) {
    throw new Error(`${path}: not a scalecast session file (invalid JSON: ${(e as Error).message})`, {
      cause: e,
    });
  }
  if (!json || json.format !== FORMAT) {
    throw new Error(`${path}: not a scalecast session file (expected "format": "${FORMAT}")`);
  }
  if (typeof json.version !== 'number') throw new Error(`${path}: field "version": expected a schema number`);
  let record: SessionRecord;
  try {
    record = migrateSession(json.record, json.version, defaults);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`, { cause: e });
  }
  const benchmarks = record.study?.benchmarks;
  if (!Array.isArray(benchmarks) || !Array.isArray(record.study.models)) {
    throw new Error(`${path}: field "record.study": expected models and benchmarks`);
  }
  for (const b of benchmarks) {
    const cells = b.questions.length * b.models.length;
    if (!(b.scores instanceof Float64Array) || b.scores.length !== cells || b.trials.length !== cells) {
      throw new Error(
        `${path}: benchmark "${b.name}": expected ${cells} scores and trials (questions × models)`,
      );
    }
  }
  return record;
}

/** A file name for the session, from its name. */
export function shareFileName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'session'}${SHARE_SUFFIX}`;
}
