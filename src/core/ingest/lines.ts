import { StudyError } from '../study/study.ts';
import type { ImportContext, InputFile } from './types.ts';

/** Longest line accepted, in characters; longer lines mean a wrong or corrupt file rather than data. */
export const MAX_LINE = 256 * 1024 * 1024;

export interface LineOptions {
  /** File name for error messages. */
  file?: string;
  maxLine?: number;
  /** Called with the byte count of every chunk read. */
  onBytes?: (n: number) => void;
  signal?: AbortSignal;
}

/**
 * Yields the lines of a UTF-8 byte stream (without "\n" or "\r\n"), decoding incrementally so a file of any size
 * streams in constant memory beyond its longest line. The last line is yielded even without a final newline.
 */
export async function* readLines(
  stream: ReadableStream<Uint8Array>,
  opts: LineOptions = {},
): AsyncGenerator<string> {
  const max = opts.maxLine ?? MAX_LINE;
  const decoder = new TextDecoder('utf-8');
  const reader = stream.getReader();
  let carry = '';
  let lineNo = 0;
  let first = true;
  try {
    for (;;) {
      if (opts.signal?.aborted) {
        const e = new Error('import cancelled');
        e.name = 'AbortError';
        throw e;
      }
      const { done, value } = await reader.read();
      let text: string;
      if (done) text = decoder.decode();
      else {
        opts.onBytes?.(value.byteLength);
        text = decoder.decode(value, { stream: true });
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
        lineNo++;
        yield line;
        start = nl + 1;
        nl = text.indexOf('\n', start);
      }
      if (start < text.length) carry = carry ? carry + text.slice(start) : text.slice(start);
      if (carry.length > max) {
        throw new StudyError(
          `line is longer than ${max} characters: not a line-based text file?`,
          opts.file,
          lineNo + 1,
        );
      }
      if (done) break;
    }
    if (carry) {
      if (carry.charCodeAt(carry.length - 1) === 13) carry = carry.slice(0, -1);
      yield carry;
    }
  } finally {
    reader.releaseLock();
  }
}

/** readLines over an InputFile, reporting progress and honouring cancellation through the import context. */
export function fileLines(file: InputFile, ctx: ImportContext): AsyncGenerator<string> {
  return readLines(file.stream(), {
    file: file.path,
    onBytes: (n) => ctx.progress(n),
    signal: ctx.options.signal,
  });
}

/** Whole file as text, reporting progress. */
export async function fileText(file: InputFile, ctx: ImportContext): Promise<string> {
  ctx.checkAbort();
  const bytes = await file.bytes();
  ctx.progress(bytes.byteLength);
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}
