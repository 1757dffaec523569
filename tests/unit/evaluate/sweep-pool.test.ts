import { describe, expect, it } from 'vitest';
import { bandwidthTerms } from '../../../src/core/evaluate/bandwidth.ts';
import {
  groupByClustering,
  runSweepPoint,
  suggestedValues,
  sweep,
  sweepPoints,
  type SweepPointResult,
} from '../../../src/core/evaluate/sweep.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import type { Study } from '../../../src/core/study/study.ts';
import { poolSize, SweepPool, type SweepWorker } from '../../../workers/sweep.pool.ts';

const sim = simulateStudy({
  seed: 11,
  benchmarks: [{ name: 'open', questions: 200, guess: 0, mix: { emergent: 4, saturated: 1, late: 1 } }],
});
const { study, target } = sim;

/** A worker that runs in this thread, on its own structured-cloned copy of the study, as a real one would. */
function localWorker(log: string[], name: string): SweepWorker {
  let held: Study | null = null;
  return {
    setStudy: async (s: Study, v: number) => {
      log.push(`${name}: study v${v}`);
      held = structuredClone(s);
    },
    runPoint: async (_v, t, point, methods, proxy) => {
      log.push(`${name}: point ${point.index}`);
      await new Promise((r) => setTimeout(r, 1));
      return runSweepPoint(held as Study, t, point, { methods, proxy });
    },
    bandwidth: async (_v, t, params) => bandwidthTerms(held as Study, t, params),
    ablation: async () => ({ target: '', rows: [] }),
  };
}

describe('poolSize', () => {
  it('is hardware concurrency − 1, at least 1', () => {
    expect([undefined, 1, 2, 3, 8].map(poolSize)).toEqual([1, 1, 1, 2, 7]);
  });
});

describe('groupByClustering', () => {
  it('keeps the points that share a clustering together, and splits those that do not', () => {
    const base = { target, base: DEFAULT_PARAMS };
    const thresholds = sweepPoints({ ...base, param: 'minA', values: ['0.5', '1', '2'] });
    expect(groupByClustering(thresholds).map((g) => g.map((p) => p.index))).toEqual([[0, 1, 2]]);
    const grid = sweepPoints({
      ...base,
      param: 'upper',
      values: ['0.1', '0.2'],
      param2: 'maxC',
      values2: ['0.5', '1'],
    });
    expect(groupByClustering(grid).map((g) => g.map((p) => p.index))).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});

describe('SweepPool', () => {
  it('sends the study once per worker, streams every point, and equals the one-thread sweep', async () => {
    const log: string[] = [];
    let made = 0;
    const pool = new SweepPool(2, () => localWorker(log, `w${made++}`));
    const points = sweepPoints({
      target,
      base: DEFAULT_PARAMS,
      param: 'upper',
      values: ['0.05', '0.1', '0.2'],
      param2: 'minB',
      values2: ['0.1', '1'],
    });
    const got: SweepPointResult[] = [];
    await pool.run(
      study,
      1,
      groupByClustering(points),
      (w, p) => w.runPoint(1, target, p, ['cod'], false),
      (r) => got.push(r),
    );
    expect(made).toBe(2);
    expect(pool.studySends).toBe(2);
    expect(log.filter((l) => l.includes('study'))).toEqual(['w0: study v1', 'w1: study v1']);
    // both points of one clustering ran on the same worker
    for (const g of groupByClustering(points)) {
      const who = g.map((p) => log.find((l) => l.endsWith(`point ${p.index}`))?.split(':')[0]);
      expect(new Set(who).size).toBe(1);
    }
    const rows = got.sort((a, b) => a.index - b.index).flatMap((r) => r.rows);
    const one = await sweep(study, {
      target,
      base: DEFAULT_PARAMS,
      param: 'upper',
      values: ['0.05', '0.1', '0.2'],
      param2: 'minB',
      values2: ['0.1', '1'],
    });
    expect(rows).toEqual(one.rows);

    // a second run on the same study version sends nothing; a new version is sent once per worker
    await pool.run(
      study,
      1,
      [[points[0]]],
      (w, p) => w.runPoint(1, target, p, ['cod'], false),
      () => {},
    );
    expect(pool.studySends).toBe(2);
    await pool.run(
      study,
      2,
      [[points[0]]],
      (w, p) => w.runPoint(2, target, p, ['cod'], false),
      () => {},
    );
    expect(pool.studySends).toBe(4);
  });

  it('stops taking points once cancelled and drops what still arrives', async () => {
    const log: string[] = [];
    const pool = new SweepPool(1, () => localWorker(log, 'w'));
    const points = sweepPoints({
      target,
      base: DEFAULT_PARAMS,
      param: 'minA',
      values: ['0.5', '1', '2', '3'],
    });
    const token = { cancelled: false };
    const got: number[] = [];
    await pool.run(
      study,
      1,
      [points],
      (w, p) => w.runPoint(1, target, p, ['cod'], false),
      (r) => {
        got.push(r.index);
        if (r.index === 1) token.cancelled = true;
      },
      token,
    );
    expect(got).toEqual([0, 1]);
    expect(log.filter((l) => l.includes('point'))).toEqual(['w: point 0', 'w: point 1']);
  });
});

describe('suggestedValues', () => {
  it('lists every choice, and values around the current one for a number', () => {
    expect(suggestedValues('mapping', DEFAULT_PARAMS)).toBe(
      'decomposed,monotone,logit,spline,quartic,identity',
    );
    expect(suggestedValues('minB', DEFAULT_PARAMS)).toBe('0.025,0.05,0.1,0.2,0.4');
    expect(suggestedValues('minClusterSize', DEFAULT_PARAMS)).toBe('4,7,10,13,16');
    expect(suggestedValues('useAnchors', DEFAULT_PARAMS)).toBe('true,false');
  });
});
