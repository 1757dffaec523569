import { StudyError } from '../study/study.ts';
import { MAX_JSON_DEPTH } from './limits.ts';

const SENTINEL = '\u0000num:';

/**
 * JSON.parse that also accepts the bare NaN, Infinity and -Infinity tokens Python's json writer emits (outside
 * strings only). Throws a StudyError naming `file`, the line (or `line`, for one line of a JSONL file) and the
 * column of the first syntax error, or the limit MAX_JSON_DEPTH when the nesting is too deep.
 */
export function parseJsonLenient(text: string, file?: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const fixed = replaceNonFinite(text, file, line);
    if (fixed !== text) {
      try {
        return JSON.parse(fixed, (_k, v) =>
          typeof v === 'string' && v.startsWith(SENTINEL) ? Number(v.slice(SENTINEL.length)) : v,
        );
      } catch {
        // report the first syntax error below
      }
    }
    throw jsonError(text, file, line);
  }
}

/** A StudyError for text that is not JSON, with the line and column of its first error. */
export function jsonError(text: string, file?: string, line?: number): StudyError {
  const found = scanJson(text) ?? { at: text.length, reason: 'not valid JSON' };
  const pos = lineColumn(text, found.at);
  return new StudyError(`invalid JSON at column ${pos.column}: ${found.reason}`, file, line ?? pos.line);
}

/** 1-based line and column of character offset `at`. */
export function lineColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: at - start + 1 };
}

/** Replaces NaN/Infinity/-Infinity tokens outside strings by sentinel strings; returns `text` when none. */
function replaceNonFinite(text: string, file?: string, line?: number): string {
  let out = '';
  let last = 0;
  let inString = false;
  let depth = 0;
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
    if (c === 123 || c === 91) {
      // The reviver below recurses once per level.
      if (++depth > MAX_JSON_DEPTH) throw tooDeep(text, i, file, line);
      continue;
    }
    if (c === 125 || c === 93) {
      depth--;
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

function tooDeep(text: string, at: number, file?: string, line?: number): StudyError {
  const pos = lineColumn(text, at);
  return new StudyError(
    `JSON nested deeper than ${MAX_JSON_DEPTH} levels at column ${pos.column} (limit MAX_JSON_DEPTH)`,
    file,
    line ?? pos.line,
  );
}

/** A syntax error found by scanJson: character offset and what was wrong. */
export interface JsonSyntaxError {
  at: number;
  reason: string;
}

const WS = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
const DIGIT = (c: number) => c >= 48 && c <= 57;
/** A run of string characters that need no check (no quote, backslash or control character): the regex engine's
 * native scan is several times faster than a loop over charCodeAt on the long prompts of sample logs. */
// eslint-disable-next-line no-control-regex -- raw control characters are what a JSON string may not hold
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

/**
 * Checks that `text` is exactly one JSON value (NaN and ±Infinity allowed, as Python writes them), nested at most
 * MAX_JSON_DEPTH deep, in one pass without building it. `onMember` is called for every member of the top-level
 * object whose value is not an object or array, with the key and the value's raw text; `onContainer` for every
 * member whose value is an object or array, with the key and the value's character range [start, end) in `text`.
 * Returns the first error, or null.
 */
export function scanJson(
  text: string,
  onMember?: (key: string, raw: string) => void,
  onContainer?: (key: string, start: number, end: number) => void,
): JsonSyntaxError | null {
  const n = text.length;
  const stack: number[] = [];
  let i = 0;
  let key = '';
  let memberStart = 0;
  const atTop = () => stack.length === 1 && stack[0] === 123;
  const fail = (at: number, reason: string): JsonSyntaxError => ({ at, reason });
  const skip = () => {
    while (i < n && WS(text.charCodeAt(i))) i++;
  };
  /** Scans a string starting at the quote at i; returns the error or null, leaving i after the closing quote. */
  const str = (): JsonSyntaxError | null => {
    const start = i;
    i++;
    for (;;) {
      PLAIN_RUN.lastIndex = i;
      PLAIN_RUN.test(text);
      i = PLAIN_RUN.lastIndex;
      if (i >= n) return fail(start, 'unterminated string');
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return null;
      }
      if (c < 32) return fail(i, 'control character in a string');
      if (c === 92) {
        const e = text.charCodeAt(i + 1);
        if (e === 117) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail(i, 'bad \\u escape');
          i += 6;
        } else if ('"\\/bfnrt'.includes(text[i + 1] ?? 'x')) i += 2;
        else return fail(i, 'bad escape in a string');
      } else i++;
    }
  };
  const num = (): JsonSyntaxError | null => {
    const start = i;
    if (text.charCodeAt(i) === 45) i++;
    if (text.startsWith('Infinity', i)) {
      i += 8;
      return null;
    }
    if (!DIGIT(text.charCodeAt(i))) return fail(start, `unexpected ${JSON.stringify(text[i] ?? '')}`);
    if (text.charCodeAt(i) === 48) {
      i++;
      if (DIGIT(text.charCodeAt(i))) return fail(start, 'number with a leading zero');
    } else while (DIGIT(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 46) {
      i++;
      if (!DIGIT(text.charCodeAt(i))) return fail(i, 'expected a digit after the decimal point');
      while (DIGIT(text.charCodeAt(i))) i++;
    }
    if ((text.charCodeAt(i) | 32) === 101) {
      i++;
      if (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) i++;
      if (!DIGIT(text.charCodeAt(i))) return fail(i, 'expected a digit in the exponent');
      while (DIGIT(text.charCodeAt(i))) i++;
    }
    return null;
  };
  for (;;) {
    // A value is expected at i.
    skip();
    if (i >= n) return fail(i, stack.length ? 'unexpected end (unbalanced brackets?)' : 'empty input');
    const c = text.charCodeAt(i);
    const start = i;
    let err: JsonSyntaxError | null = null;
    let container = false;
    if (c === 123 || c === 91) {
      if (stack.length >= MAX_JSON_DEPTH)
        return fail(i, `nested deeper than ${MAX_JSON_DEPTH} levels (limit MAX_JSON_DEPTH)`);
      if (atTop()) memberStart = i;
      stack.push(c);
      i++;
      skip();
      const close = c === 123 ? 125 : 93;
      if (text.charCodeAt(i) === close) {
        stack.pop();
        i++;
        if (atTop()) onContainer?.(key, start, i);
      } else if (c === 123) {
        err = member();
        if (err) return err;
        continue;
      } else {
        continue;
      }
      container = true;
    } else if (c === 34) err = str();
    else if (c === 116 && text.startsWith('true', i)) i += 4;
    else if (c === 102 && text.startsWith('false', i)) i += 5;
    else if (c === 110 && text.startsWith('null', i)) i += 4;
    else if (c === 78 && text.startsWith('NaN', i)) i += 3;
    else err = num();
    if (err) return err;
    if (!container && stack.length === 1 && stack[0] === 123) onMember?.(key, text.slice(start, i));
    // After a value: close containers or move to the next element.
    for (;;) {
      skip();
      if (!stack.length) return i < n ? fail(i, 'unexpected text after the JSON value') : null;
      const top = stack[stack.length - 1];
      const d = text.charCodeAt(i);
      if (i >= n) return fail(i, 'unexpected end (unbalanced brackets?)');
      if (d === 44) {
        i++;
        if (top === 123) {
          err = member();
          if (err) return err;
        }
        break;
      }
      if ((top === 123 && d === 125) || (top === 91 && d === 93)) {
        stack.pop();
        i++;
        if (atTop()) onContainer?.(key, memberStart, i);
        continue;
      }
      return fail(i, top === 123 ? 'expected "," or "}"' : 'expected "," or "]"');
    }
  }

  /** Reads `"key":` at i (after "{" or ","), leaving i at the value. */
  function member(): JsonSyntaxError | null {
    skip();
    if (text.charCodeAt(i) !== 34) return fail(i, 'expected a quoted key');
    const start = i;
    const err = str();
    if (err) return err;
    if (stack.length === 1) {
      const raw = text.slice(start + 1, i - 1);
      key = raw.includes('\\') ? (JSON.parse(text.slice(start, i)) as string) : raw;
    }
    skip();
    if (text.charCodeAt(i) !== 58) return fail(i, 'expected ":" after a key');
    i++;
    return null;
  }
}

/** True for a plain JSON object (not an array or null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
