import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/core/ingest/csv.ts';
import { importFiles } from '../../../src/core/ingest/index.ts';
import { parseJsonLenient } from '../../../src/core/ingest/json.ts';
import { readLines } from '../../../src/core/ingest/lines.ts';
import { StudyError } from '../../../src/core/study/study.ts';
import { memFile, realSeeds } from './helpers.ts';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const enc = (s: string) => new TextEncoder().encode(s);

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number[]; mask: number }
  | { kind: 'shuffle'; seed: number }
  | { kind: 'none' };

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  if (m.kind === 'truncate') return bytes.slice(0, Math.floor(m.at * bytes.length));
  if (m.kind === 'flip') {
    const out = bytes.slice();
    for (const a of m.at) if (out.length) out[Math.floor(a * out.length)] ^= m.mask;
    return out;
  }
  if (m.kind === 'shuffle') {
    const lines = new TextDecoder().decode(bytes).split('\n');
    let s = m.seed;
    for (let i = lines.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
    return enc(lines.join('\n'));
  }
  return bytes;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.array(fc.double({ min: 0, max: 0.9999, noNaN: true }), { minLength: 1, maxLength: 4 }),
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ kind: fc.constant('shuffle' as const), seed: fc.nat() }),
  fc.constant({ kind: 'none' as const }),
);

describe('every reader ends in a value or a clear error', () => {
  it('importFiles on truncated, bit-flipped and shuffled real files of every format', async () => {
    const inputs = await realSeeds();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: inputs.length - 1 }),
        mutation,
        fc.integer({ min: 1, max: 4096 }),
        async (i, m, chunk) => {
          const [path, bytes] = inputs[i];
          const r = await importFiles([memFile(path, mutate(bytes, m), chunk)]);
          const rep = r.files[0];
          if (rep.error !== undefined) {
            expect(rep.error.startsWith(path)).toBe(true);
            expect(rep.error.length).toBeGreaterThan(path.length + 5);
          } else expect(rep.rows).toBeGreaterThanOrEqual(0);
          for (const b of r.study.benchmarks)
            expect(b.scores.length).toBe(b.questions.length * b.models.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('importFiles on random JSON under every JSON-ish name', async () => {
    const names = [
      'a/results_2024-01-01T00-00-00.1.json',
      'x.json',
      'per_instance_stats.json',
      'm/samples_t_2024-01-01T00-00-00.1.jsonl',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.jsonValue(), async (name, value) => {
        const text = name.endsWith('.jsonl')
          ? [value, value].map((v) => JSON.stringify(v)).join('\n')
          : JSON.stringify(value);
        const r = await importFiles([memFile(name, text)]);
        if (r.files[0].error)
          expect(r.files[0].error).toMatch(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      }),
      { numRuns: 150 },
    );
  });

  it('readLines reproduces any text under any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 120 }),
        fc.integer({ min: 2, max: 50 }),
        async (text, chunk) => {
          const clean = text.replace(/^\uFEFF/, '');
          const lines = await collect(readLines(memFile('t', clean, chunk).stream()));
          const expected = clean.split('\n').map((l) => l.replace(/\r$/, ''));
          if (clean === '' || clean.endsWith('\n')) expected.pop();
          expect(lines).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('readCsv round-trips any fields written with RFC-4180 quoting', async () => {
    const field = fc.string({ maxLength: 8 }).map((s) => s.replace(/\r/g, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 20 }),
        async (rows, chunk) => {
          const q = (f: string) => (/[",\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
          const text = rows.map((r) => r.map(q).join(',')).join('\r\n');
          const got = await collect(readCsv(memFile('t.csv', text, chunk).stream()));
          expect(got.map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('parseJsonLenient returns a value or throws a StudyError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), fc.nat(), (text, cut) => {
        for (const t of [text, text.slice(0, cut % (text.length + 1)), text.replace(/1/g, 'NaN')]) {
          try {
            parseJsonLenient(t, 'f.json');
          } catch (e) {
            expect(e).toBeInstanceOf(StudyError);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
