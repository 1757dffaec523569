import { StudyError } from '../study/study.ts';
import { MAX_LINE_CHARS } from './limits.ts';
import type { ImportContext, InputFile } from './types.ts';

/** Longest line accepted, in characters; longer lines mean a wrong or corrupt file rather than data. */
export const MAX_LINE = MAX_LINE_CHARS;

export interface LineOptions {
  /** File name for error messages. */
  file?: string;
  maxLine?: number;
  /** Called with the byte count of every chunk read. */
  onBytes?: (n: number) => void;
  signal?: AbortSignal;
}

/**
 * The encoding the first bytes of a file reveal when it is not UTF-8 text (a UTF-16/32 byte-order mark or the
 * zero bytes of UTF-16/32 ASCII, a zip archive), or undefined for anything that may be UTF-8.
 */
export function foreignEncoding(head: Uint8Array): string | undefined {
  const [a, b, c, d] = head;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32 LE';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32 BE';
  if (a === 0xff && b === 0xfe) return 'UTF-16 LE';
  if (a === 0xfe && b === 0xff) return 'UTF-16 BE';
  if (head.length >= 4) {
    if (a !== 0 && b === 0 && c === 0 && d === 0) return 'UTF-32 LE';
    if (a === 0 && b === 0 && c === 0 && d !== 0) return 'UTF-32 BE';
    if (a !== 0 && b === 0 && c !== 0 && d === 0) return 'UTF-16 LE';
    if (a === 0 && b !== 0 && c === 0 && d !== 0) return 'UTF-16 BE';
    if (a === 0x50 && b === 0x4b && c === 3 && d === 4) return 'a zip archive';
  }
  return undefined;
}

function encodingError(found: string, file?: string): StudyError {
  return new StudyError(
    found === 'a zip archive'
      ? 'this is a zip archive, not a text file (an Inspect log must be named *.eval)'
      : `the file is encoded as ${found}; save it as UTF-8 and import it again`,
    file,
    1,
  );
}

/** Byte offset of the first invalid UTF-8 sequence in `bytes` (leading continuation bytes are skipped), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && i < 3 && (bytes[i] & 0xc0) === 0x80) i++;
  while (i < bytes.length) {
    const x = bytes[i];
    const n =
      x < 0x80 ? 0 : x >= 0xc2 && x < 0xe0 ? 1 : x >= 0xe0 && x < 0xf0 ? 2 : x >= 0xf0 && x < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      if (i + k >= bytes.length) return -1;
      if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return -1;
}

function notUtf8(bytes: Uint8Array, lineBefore: number, file?: string): StudyError {
  const at = firstInvalidUtf8(bytes);
  let line = lineBefore + 1;
  for (let i = 0; i < (at < 0 ? 0 : at); i++) if (bytes[i] === 10) line++;
  const byte = at >= 0 ? ` (byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, '0')})` : '';
  return new StudyError(
    `not valid UTF-8${byte}: the file looks Latin-1 or Windows-1252 encoded; save it as UTF-8 and import it again`,
    file,
    line,
  );
}

/**
 * Yields the lines of a UTF-8 byte stream (without "\n" or "\r\n"), decoding incrementally so a file of any size
 * streams in constant memory beyond its longest line. The last line is yielded even without a final newline.
 * Rejects UTF-16/32 files, bytes that are not UTF-8 and lines over `maxLine` characters with the line number.
 */
export async function* readLines(
  stream: ReadableStream<Uint8Array>,
  opts: LineOptions = {},
): AsyncGenerator<string> {
  for await (const piece of readLinePieces(stream, opts)) yield piece.line;
}

/** A line and whether a line ending followed it (false only for an unterminated last line). */
export interface LinePiece {
  line: string;
  terminated: boolean;
}

/** readLines that also tells whether each line ended with a newline (to spot a file cut short). */
export async function* readLinePieces(
  stream: ReadableStream<Uint8Array>,
  opts: LineOptions = {},
): AsyncGenerator<LinePiece> {
  const max = opts.maxLine ?? MAX_LINE;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = stream.getReader();
  let carry = '';
  let lineNo = 0;
  let first = true;
  let sniffed = false;
  let head = new Uint8Array(0);
  try {
    for (;;) {
      if (opts.signal?.aborted) {
        const e = new Error('import cancelled');
        e.name = 'AbortError';
        throw e;
      }
      const { done, value } = await reader.read();
      let bytes = value;
      if (!done) opts.onBytes?.(value.byteLength);
      if (!sniffed) {
        // Hold the first bytes back until the encoding can be told.
        const joined = new Uint8Array(head.length + (bytes?.length ?? 0));
        joined.set(head);
        if (bytes) joined.set(bytes, head.length);
        if (joined.length < 4 && !done) {
          head = joined;
          continue;
        }
        const found = foreignEncoding(joined);
        if (found) throw encodingError(found, opts.file);
        bytes = joined;
        sniffed = true;
      }
      let text: string;
      try {
        text = done && !bytes?.length ? decoder.decode() : decoder.decode(bytes, { stream: !done });
      } catch {
        throw notUtf8(bytes ?? new Uint8Array(0), lineNo, opts.file);
      }
      if (first && text.length) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let start = 0;
      let nl = text.indexOf('\n');
      while (nl >= 0) {
        let line = carry ? carry + text.slice(start, nl) : text.slice(start, nl);
        carry = '';
        if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
        if (line.length > max) throw tooLong(max, opts.file, lineNo + 1);
        lineNo++;
        yield { line, terminated: true };
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      if (start < text.length) carry = carry ? carry + text.slice(start) : text.slice(start);
      if (carry.length > max) throw tooLong(max, opts.file, lineNo + 1);
      if (done) break;
    }
    if (carry) {
      if (carry.charCodeAt(carry.length - 1) === 13) carry = carry.slice(0, -1);
      yield { line: carry, terminated: false };
    }
  } finally {
    reader.releaseLock();
  }
}

function tooLong(max: number, file: string | undefined, line: number): StudyError {
  return new StudyError(
    `line is longer than ${max} characters (limit MAX_LINE_CHARS): not a line-based text file?`,
    file,
    line,
  );
}

/** readLines over an InputFile, reporting progress and honouring cancellation through the import context. */
export function fileLines(file: InputFile, ctx: ImportContext): AsyncGenerator<string> {
  return readLines(file.stream(), {
    file: file.path,
    onBytes: (n) => ctx.progress(n),
    signal: ctx.options.signal,
  });
}

/** Whole file as text, reporting progress; rejects UTF-16/32 and bytes that are not UTF-8 (naming the line). */
export async function fileText(file: InputFile, ctx: ImportContext): Promise<string> {
  ctx.checkAbort();
  const bytes = await file.bytes();
  ctx.progress(bytes.byteLength);
  return decodeText(bytes, file.path);
}

/** UTF-8 bytes as text without a BOM; errors name the encoding found or the line of the first bad byte. */
export function decodeText(bytes: Uint8Array, file?: string): string {
  const found = foreignEncoding(bytes.subarray(0, 4));
  if (found) throw encodingError(found, file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw notUtf8(bytes, 0, file);
  }
}
