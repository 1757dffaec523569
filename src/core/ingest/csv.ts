import { StudyError } from '../study/study.ts';
import { readLines, type LineOptions } from './lines.ts';

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts (the header is line 1). */
  line: number;
}

/**
 * Streams RFC-4180 CSV records: comma-separated, fields optionally in double quotes with "" for a quote, quoted
 * fields may span lines. Blank lines are skipped. Throws a StudyError with the line on a malformed quote.
 */
export async function* readCsv(
  stream: ReadableStream<Uint8Array>,
  opts: LineOptions = {},
): AsyncGenerator<CsvRecord> {
  let lineNo = 0;
  let pending: string | null = null;
  let startLine = 0;
  for await (const line of readLines(stream, opts)) {
    lineNo++;
    if (pending === null) {
      if (line === '') continue;
      pending = line;
      startLine = lineNo;
    } else pending += '\n' + line;
    const fields = parseCsvRecord(pending, opts.file, startLine);
    if (fields) {
      pending = null;
      yield { fields, line: startLine };
    }
  }
  if (pending !== null)
    throw new StudyError('unterminated quoted field at end of file', opts.file, startLine);
}

/** Fields of one record, or null when a quoted field is still open (the record continues on the next line). */
export function parseCsvRecord(text: string, file?: string, line?: number): string[] | null {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return null;
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i >= n) return fields;
      if (text.charCodeAt(i) !== 44) {
        throw new StudyError(`expected "," after the closing quote of field ${fields.length}`, file, line);
      }
      i++;
    } else {
      const c = text.indexOf(',', i);
      if (c < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, c));
      i = c + 1;
    }
    if (i >= n) {
      fields.push('');
      return fields;
    }
  }
}
