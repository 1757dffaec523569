import { describe, expect, it } from 'vitest';
import { predict } from '../../../src/core/pipeline/predict.ts';
import { runBaselines } from '../../../src/core/methods/baselines/index.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { DEFAULT_PARAMS, PAPER_PARAMS } from '../../../src/core/study/params.ts';
import {
  checkRuns,
  compareRuns,
  differingParams,
  nextRunName,
  pinRun,
  targetsDiffer,
  type PinnedRun,
} from '../../../src/core/session/runs.ts';
import {
  defaultView,
  migrateSession,
  SESSION_VERSION,
  studySize,
  type SessionRecord,
} from '../../../src/core/session/schema.ts';
import { decodeSession, encodeSession } from '../../../src/core/session/file.ts';

const sim = simulateStudy({
  seed: 9,
  benchmarks: [
    { name: 'open', questions: 150, guess: 0, mix: { emergent: 4, saturated: 1, never: 0.5 } },
    { name: 'choice', questions: 120, guess: 0.25, mix: { emergent: 3, late: 1 } },
  ],
});
const { study, target } = sim;
const cod = predict(study, target, DEFAULT_PARAMS);
const paper = predict(study, target, PAPER_PARAMS);
const largest = runBaselines(study, target, ['largest']);

function twoRuns(): PinnedRun[] {
  const runs: PinnedRun[] = [];
  runs.push(pinRun(runs, target, DEFAULT_PARAMS, [cod, ...largest], 1000));
  runs.push(pinRun(runs, target, PAPER_PARAMS, [paper], 2000));
  return runs;
}

describe('pinned runs', () => {
  it('keep the settings and every benchmark prediction of every method, under the next free name', () => {
    const [a, b] = twoRuns();
    expect([a.name, b.name]).toEqual(['Run 1', 'Run 2']);
    expect(a.rows.map((r) => `${r.benchmark}/${r.method}`)).toEqual([
      'open/cod',
      'choice/cod',
      'open/largest',
      'choice/largest',
    ]);
    expect(a.rows[0]).toMatchObject({
      predicted: cod.benchmarks[0].predicted,
      low: cod.benchmarks[0].low,
      high: cod.benchmarks[0].high,
      actual: cod.benchmarks[0].actual,
      error: cod.benchmarks[0].error,
    });
    expect(b.params).toEqual(PAPER_PARAMS);
    expect(nextRunName([{ ...a, name: 'Run 3' }, b])).toBe('Run 4');
  });

  it('compare: the parameters that differ, and a cell per run for each benchmark and method, COD first', () => {
    const runs = twoRuns();
    expect(differingParams(runs)).toEqual(['passRates', 'cLower', 'mapping']);
    expect(targetsDiffer(runs)).toBe(false);
    expect(targetsDiffer([runs[0], { ...runs[1], target: { ...target, flops: 1 } }])).toBe(true);
    const lines = compareRuns(runs);
    expect(lines.map((l) => `${l.benchmark}/${l.method}`)).toEqual([
      'open/cod',
      'open/largest',
      'choice/cod',
      'choice/largest',
    ]);
    expect(lines[0].cells.map((c) => c?.predicted)).toEqual([
      cod.benchmarks[0].predicted,
      paper.benchmarks[0].predicted,
    ]);
    expect(lines[1].cells[1]).toBeNull();
  });

  it('survive a saved and a shared session, and bad ones are refused naming the field', () => {
    const runs = twoRuns();
    const record: SessionRecord = {
      id: 's',
      name: 'n',
      created: 1,
      updated: 1,
      version: SESSION_VERSION,
      example: false,
      study,
      params: DEFAULT_PARAMS,
      target: null,
      view: defaultView(),
      files: [],
      size: studySize(study),
      runs,
    };
    expect(migrateSession(structuredClone(record), SESSION_VERSION, DEFAULT_PARAMS).runs).toEqual(runs);
    expect(decodeSession(encodeSession(record), 'x.scalecast.json', DEFAULT_PARAMS).runs).toEqual(runs);
    const { runs: _, ...old } = record;
    expect(migrateSession(structuredClone(old), SESSION_VERSION, DEFAULT_PARAMS).runs).toBeUndefined();

    const bad = (patch: (r: Record<string, unknown>) => void) => {
      const copy = JSON.parse(JSON.stringify(runs));
      patch(copy[1]);
      return () => checkRuns(copy, DEFAULT_PARAMS);
    };
    expect(bad((r) => (r.params = { minA: 'x' }))).toThrow(/runs\[1\]\.params: minA must be a number/);
    expect(bad((r) => ((r.rows as Record<string, unknown>[])[0].predicted = 'x'))).toThrow(
      /runs\[1\]\.rows\[0\]\.predicted: expected a number/,
    );
    expect(bad((r) => ((r.rows as Record<string, unknown>[])[0].status = 'great'))).toThrow(
      /status: expected one of/,
    );
    expect(bad((r) => (r.target = 'big'))).toThrow(/runs\[1\]\.target: expected {name, flops}/);
    expect(() => checkRuns({}, DEFAULT_PARAMS)).toThrow(/expected a list of pinned runs/);
  });
});
