import { describe, expect, it } from 'vitest';
import { readCsv, parseCsvRecord } from '../../../src/core/ingest/csv.ts';
import { parseJsonLenient } from '../../../src/core/ingest/json.ts';
import { readLines } from '../../../src/core/ingest/lines.ts';
import { StudyError } from '../../../src/core/study/study.ts';
import { memFile } from './helpers.ts';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('readLines', () => {
  it('splits \\n and \\r\\n across chunk boundaries, keeps a last line without newline, strips a BOM', async () => {
    const text = '\uFEFFalpha\r\nbéta\n\ngamma — ünï\r\nlast';
    for (const chunk of [1, 2, 3, 5, 64]) {
      expect(await collect(readLines(memFile('x', text, chunk).stream()))).toEqual([
        'alpha',
        'béta',
        '',
        'gamma — ünï',
        'last',
      ]);
    }
  });
  it('rejects a line longer than the guard with the file and line', async () => {
    const text = 'ok\n' + 'x'.repeat(100);
    await expect(
      collect(readLines(memFile('big.jsonl', text, 10).stream(), { file: 'big.jsonl', maxLine: 50 })),
    ).rejects.toThrow(/big\.jsonl, line 2: line is longer than 50/);
  });
  it('stops with an AbortError when the signal is aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      collect(readLines(memFile('x', 'a\nb').stream(), { signal: ac.signal })),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('CSV', () => {
  it('parses RFC-4180 quotes, doubled quotes, empty fields and quoted newlines', async () => {
    const text = 'a,b,c\r\n1,"x, y",\n"he said ""hi""","multi\nline",3\n\n4,5,6';
    const recs = await collect(readCsv(memFile('t.csv', text, 4).stream()));
    expect(recs).toEqual([
      { fields: ['a', 'b', 'c'], line: 1, terminated: true },
      { fields: ['1', 'x, y', ''], line: 2, terminated: true },
      { fields: ['he said "hi"', 'multi\nline', '3'], line: 3, terminated: true },
      { fields: ['4', '5', '6'], line: 6, terminated: false },
    ]);
  });
  it('reports junk after a closing quote and an unterminated quote', async () => {
    expect(() => parseCsvRecord('"a"b,c', 'f.csv', 3)).toThrow(
      /f\.csv, line 3: expected "," after the closing quote/,
    );
    await expect(
      collect(readCsv(memFile('f.csv', 'a,b\n"open,1\n', 3).stream(), { file: 'f.csv' })),
    ).rejects.toThrow(/f\.csv, line 2: unterminated quoted field/);
  });
});

describe('parseJsonLenient', () => {
  it('accepts Python NaN and ±Infinity outside strings and leaves strings alone', () => {
    const v = parseJsonLenient(
      '{"a": NaN, "b": [Infinity, -Infinity], "s": "NaN Infinity", "n": 1}',
    ) as Record<string, unknown>;
    expect(Number.isNaN(v.a)).toBe(true);
    expect(v.b).toEqual([Infinity, -Infinity]);
    expect(v.s).toBe('NaN Infinity');
    expect(v.n).toBe(1);
  });
  it('throws a StudyError naming the file and line', () => {
    let err: unknown;
    try {
      parseJsonLenient('{"a": 1,', 'x.jsonl', 4);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StudyError);
    expect((err as Error).message).toMatch(/^x\.jsonl, line 4: invalid JSON/);
  });
});
