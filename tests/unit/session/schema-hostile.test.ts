/** Issue 14, finding 1: one schema for sessions and stored records; a failing record is named, never rendered. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import {
  SESSION_VERSION,
  SessionSchemaError,
  checkSummary,
  defaultView,
  migrateSession,
  studySize,
  type SessionRecord,
} from '../../../src/core/session/schema.ts';
import { decodeSession, encodeSession } from '../../../src/core/session/file.ts';

function record(): SessionRecord {
  const { study } = simulateStudy({
    seed: 3,
    benchmarks: [
      { name: 'b', questions: 12, guess: 0, mix: { emergent: 1 } },
      { name: 'c', questions: 8, guess: 0, mix: { flat: 1 } },
    ],
  });
  return {
    id: 's1',
    name: 'ladder',
    created: 1,
    updated: 2,
    version: SESSION_VERSION,
    example: false,
    study,
    params: { ...DEFAULT_PARAMS },
    target: { kind: 'model', name: study.models[0].name },
    view: defaultView(),
    files: [{ path: 'a.scores.csv', format: 'canonical-scores', size: 10, rows: 3, warnings: [] }],
    size: studySize(study),
  };
}

/** The error a mutated record gets, or '' when it passes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutations reach into any field
type Loose = Record<string, any>;

function problem(mutate: (r: Loose) => void): string {
  const r = structuredClone(record()) as unknown as Loose;
  mutate(r);
  try {
    migrateSession(r, SESSION_VERSION, DEFAULT_PARAMS);
    return '';
  } catch (e) {
    expect(e).toBeInstanceOf(SessionSchemaError);
    return (e as Error).message;
  }
}

describe('the session schema', () => {
  it('passes a good record', () => {
    expect(problem(() => {})).toBe('');
  });

  it.each<[string, (r: Loose) => void, RegExp]>([
    [
      'flops as a string',
      (r) => (r.study.models[0].flops = '1e20'),
      /^field "study\.models\[0\]\.flops": expected a number, got the string "1e20"/,
    ],
    [
      'two models with one name',
      (r) => (r.study.models[1].name = r.study.models[0].name),
      /^field "study\.models\[1\]": model ".*" appears twice/,
    ],
    [
      'two benchmarks with one name',
      (r) => (r.study.benchmarks[1].name = 'b'),
      /^field "study\.benchmarks\[1\]": benchmark "b" appears twice/,
    ],
    [
      'study: "garbage"',
      (r) => (r.study = 'garbage'),
      /^field "study": expected an object, got the string "garbage"/,
    ],
    [
      'benchmarks: null',
      (r) => (r.study.benchmarks = null),
      /^field "study\.benchmarks": expected a list, got null/,
    ],
    [
      'a missing field',
      (r) => delete r.study.models,
      /^field "study\.models": expected a list, got undefined/,
    ],
    ['a missing name', (r) => delete r.name, /^field "name": expected text/],
    ['a string date', (r) => (r.updated = '2'), /^field "updated": expected a number/],
    [
      'a score of 1.7',
      (r) => (r.study.benchmarks[0].scores[4] = 1.7),
      /^field "study\.benchmarks\[0\]\.scores\[4\]": 1\.7 is not a pass rate/,
    ],
    [
      'a short matrix',
      (r) => (r.study.benchmarks[0].trials = new Uint32Array(3)),
      /^field "study\.benchmarks\[0\]\.trials": expected \d+ trial counts/,
    ],
    [
      'scores as a plain list',
      (r) => (r.study.benchmarks[0].scores = [0.5]),
      /^field "study\.benchmarks\[0\]\.scores": expected \d+ pass rates .* got a list/,
    ],
    [
      'a column of an unknown model',
      (r) => (r.study.benchmarks[0].models[0] = 'ghost'),
      /model "ghost" is not in study\.models/,
    ],
    [
      'a repeated question',
      (r) => (r.study.benchmarks[0].questions[1] = r.study.benchmarks[0].questions[0]),
      /questions\[1\]": question ".*" appears twice/,
    ],
    [
      'a bad role',
      (r) => (r.study.models[0].role = 'boss'),
      /^field "study\.models\[0\]\.role": expected one of ladder, target, anchor, ignore/,
    ],
    [
      'an out-of-range parameter',
      (r) => (r.params.quantile = 1e9),
      /^field "params\.quantile": quantile must be/,
    ],
    ['a string parameter', (r) => (r.params.minA = '1'), /^field "params\.minA"/],
    ['a bad target', (r) => (r.target = { kind: 'model', name: 'x', flops: -1 }), /^field "target\.flops"/],
    ['a bad view', (r) => (r.view = { ...r.view, projection: 'tsne' }), /^field "view\.projection"/],
    ['a file list of numbers', (r) => (r.files = [1]), /^field "files\[0\]": expected an object/],
    ['zero flops', (r) => (r.study.models[0].flops = 0), /^field "study\.models\[0\]\.flops": 0 is outside/],
  ])('names the field of %s', (_what, mutate, why) => {
    expect(problem(mutate)).toMatch(why);
  });

  it('reads a 300-byte shared file with a string flops as an error naming the field', () => {
    const text = JSON.stringify({
      format: 'scalecast-session',
      version: 2,
      record: {
        ...record(),
        study: {
          models: [{ name: 'a', flops: '1e20', role: 'ladder', computeSource: 'file' }],
          benchmarks: [],
          metrics: [],
          warnings: [],
        },
      },
    });
    expect(() => decodeSession(text, 'x.scalecast.json', DEFAULT_PARAMS)).toThrow(
      /^x\.scalecast\.json: field "study\.models\[0\]\.flops": expected a number, got the string "1e20"/,
    );
  });

  it('rejects a version-1 record that cannot be upgraded, naming the study', () => {
    expect(() =>
      migrateSession({ id: 'x', name: 'n', savedAt: 1, study: { benchmarks: null } }, 1, DEFAULT_PARAMS),
    ).toThrow(/^field "study": cannot upgrade/);
  });

  it('drops a summary that is not shaped like one', () => {
    expect(checkSummary({ id: 'a', name: 'n', created: 1, updated: 2, files: 0, size: 1 })).not.toBeNull();
    expect(checkSummary({ id: 'a', name: 'n', created: 1, updated: '2', files: 0, size: 1 })).toBeNull();
    expect(checkSummary(null)).toBeNull();
  });

  it('fuzz: every mutated record is either valid or refused with a SessionSchemaError', () => {
    const base = JSON.parse(encodeSession(record()));
    const junk = fc.oneof(
      fc.constant(null),
      fc.constant(undefined),
      fc.string({ maxLength: 5 }),
      fc.double(),
      fc.boolean(),
      fc.constant([]),
      fc.constant({}),
      fc.constant({ $f64: [2] }),
    );
    let refused = 0;
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), junk, (path, value) => {
        const text = JSON.stringify(base);
        const doc = JSON.parse(text);
        // Walk to a random place in the record and replace it by junk.
        let node = doc.record;
        for (let i = 0; i < path.length - 1; i++) {
          const keys = node && typeof node === 'object' ? Object.keys(node) : [];
          if (!keys.length) break;
          const next = node[keys[path[i] % keys.length]];
          if (!next || typeof next !== 'object') break;
          node = next;
        }
        const keys = Object.keys(node);
        if (keys.length) node[keys[path[path.length - 1] % keys.length]] = value;
        try {
          const rec = decodeSession(JSON.stringify(doc), 'f.scalecast.json', DEFAULT_PARAMS);
          // What passes is safe to render: sizes agree and names are unique.
          for (const b of rec.study.benchmarks)
            expect(b.scores.length).toBe(b.questions.length * b.models.length);
          expect(new Set(rec.study.models.map((m) => m.name)).size).toBe(rec.study.models.length);
        } catch (e) {
          refused++;
          expect((e as Error).message).toMatch(/^f\.scalecast\.json: (field "[^"]*": |not a saved session)/);
        }
      }),
      { numRuns: 400 },
    );
    expect(refused).toBeGreaterThan(0);
  });
});
