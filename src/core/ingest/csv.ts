import { StudyError } from '../study/study.ts';
import { MAX_LINE_CHARS } from './limits.ts';
import { readLinePieces, type LineOptions } from './lines.ts';

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts (the header is line 1). */
  line: number;
  /** False when the record is the file's last line and no line ending follows it (a file cut short?). */
  terminated: boolean;
}

/** Parse state carried from one line to the next while a quoted field is open. */
interface Pending {
  fields: string[];
  /** Pieces of the open quoted field. */
  parts: string[];
  /** Characters of the record so far. */
  chars: number;
}

// Kept alike on purpose (duplicates): opens like lines.ts's readLinePieces (stream, options, limit), yet its
// records may span lines.
/**
 * Streams RFC-4180 CSV records: comma-separated, fields optionally in double quotes with "" for a quote, quoted
 * fields may span lines. Blank lines are skipped. Every character is scanned once, so a stray quote costs linear
 * time. Throws a StudyError with the line and field on a malformed quote or a record over MAX_LINE_CHARS.
 */
export async function* readCsv(
  stream: ReadableStream<Uint8Array>,
  opts: LineOptions = {},
): AsyncGenerator<CsvRecord> {
  const max = opts.maxLine ?? MAX_LINE_CHARS;
  let lineNo = 0;
  let pending: Pending | null = null;
  let startLine = 0;
  for await (const { line, terminated } of readLinePieces(stream, opts)) {
    lineNo++;
    let done: boolean;
    if (pending === null) {
      if (line === '') continue;
      startLine = lineNo;
      pending = { fields: [], parts: [], chars: 0 };
      done = scanFields(line, 0, false, pending, opts.file, lineNo);
    } else {
      pending.parts.push('\n');
      done = scanFields(line, 0, true, pending, opts.file, lineNo);
    }
    pending.chars += line.length + 1;
    if (!done && pending.chars > max) {
      throw new StudyError(
        `the quoted field ${pending.fields.length + 1} opened on line ${startLine} is still open after ${max} characters (limit MAX_LINE_CHARS): a stray quote?`,
        opts.file,
        startLine,
      );
    }
    if (done) {
      const fields = pending.fields;
      pending = null;
      yield { fields, line: startLine, terminated };
    }
  }
  if (pending !== null) {
    throw new StudyError(
      `unterminated quoted field: field ${pending.fields.length + 1} opened on line ${startLine} never closes (a stray quote, or the file is cut short)`,
      opts.file,
      startLine,
    );
  }
}

/**
 * Scans `text` from `i`, appending finished fields to `st.fields`; `inQuote` says the text continues an open quoted
 * field. True when the record ends with this text, false when a quoted field is still open.
 */
function scanFields(
  text: string,
  i: number,
  inQuote: boolean,
  st: Pending,
  file: string | undefined,
  line: number | undefined,
): boolean {
  const n = text.length;
  for (;;) {
    if (!inQuote) {
      if (text.charCodeAt(i) !== 34) {
        const c = text.indexOf(',', i);
        if (c < 0) {
          st.fields.push(text.slice(i));
          return true;
        }
        st.fields.push(text.slice(i, c));
        i = c + 1;
        if (i >= n) {
          st.fields.push('');
          return true;
        }
        continue;
      }
      i++;
    }
    // Inside a quoted field from i.
    for (;;) {
      const q = text.indexOf('"', i);
      if (q < 0) {
        st.parts.push(text.slice(i));
        return false;
      }
      st.parts.push(text.slice(i, q));
      if (text.charCodeAt(q + 1) === 34) {
        st.parts.push('"');
        i = q + 2;
        continue;
      }
      i = q + 1;
      break;
    }
    st.fields.push(st.parts.join(''));
    st.parts = [];
    inQuote = false;
    if (i >= n) return true;
    if (text.charCodeAt(i) !== 44) {
      throw new StudyError(`expected "," after the closing quote of field ${st.fields.length}`, file, line);
    }
    i++;
    if (i >= n) {
      st.fields.push('');
      return true;
    }
  }
}

/** Fields of one record, or null when a quoted field is still open (the record continues on the next line). */
export function parseCsvRecord(text: string, file?: string, line?: number): string[] | null {
  const st: Pending = { fields: [], parts: [], chars: 0 };
  return scanFields(text, 0, false, st, file, line) ? st.fields : null;
}
