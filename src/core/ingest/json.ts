import { StudyError } from '../study/study.ts';

const SENTINEL = '\u0000num:';

/**
 * JSON.parse that also accepts the bare NaN, Infinity and -Infinity tokens Python's json writer emits (outside
 * strings only). Throws a StudyError naming `file` (and `line`) with the parser's complaint.
 */
export function parseJsonLenient(text: string, file?: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    const fixed = replaceNonFinite(text);
    if (fixed !== text) {
      try {
        return JSON.parse(fixed, (_k, v) =>
          typeof v === 'string' && v.startsWith(SENTINEL) ? Number(v.slice(SENTINEL.length)) : v,
        );
      } catch {
        // report the original complaint below
      }
    }
    const why = first instanceof Error ? first.message : String(first);
    throw new StudyError(`invalid JSON (${why.slice(0, 200)})`, file, line);
  }
}

/** Replaces NaN/Infinity/-Infinity tokens outside strings by sentinel strings; returns `text` when none. */
function replaceNonFinite(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    let tok = '';
    if (c === 78 && text.startsWith('NaN', i)) tok = 'NaN';
    else if (c === 73 && text.startsWith('Infinity', i)) tok = 'Infinity';
    else if (c === 45 && text.startsWith('-Infinity', i)) tok = '-Infinity';
    if (!tok) continue;
    out += text.slice(last, i) + JSON.stringify(SENTINEL + tok);
    i += tok.length - 1;
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** True for a plain JSON object (not an array or null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
