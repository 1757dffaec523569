import { describe, expect, it } from 'vitest';
import { greedy01, noisyPassRates } from '../../../bench/hard-sets.ts';
import {
  estimateBandwidth,
  meanShift,
  meanShiftFinish,
  meanShiftSeeds,
} from '../../../src/core/cluster/meanshift.ts';
import type { MeanShiftOptions, MeanShiftProbe } from '../../../src/core/cluster/meanshift.ts';
import { pointsFromRows } from '../../../src/core/cluster/points.ts';
import type { Points } from '../../../src/core/cluster/points.ts';
import { StateMemo } from '../../../src/core/cluster/memo.ts';
import { DATASETS, loadFixture } from './fixtures.ts';

/** The memo path and the plain path (every step computed) on the same input, with the memo's counters. */
function both(X: Points, R: number, options: MeanShiftOptions = {}) {
  const memo: MeanShiftProbe = {};
  const plain: MeanShiftProbe = { memo: false };
  const a = meanShift(X, R, options, memo);
  const b = meanShift(X, R, options, plain);
  expect(a.nIter).toBe(b.nIter);
  expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  // bit-identical centres: Object.is separates −0 from +0 and compares every bit of the value
  expect(Array.from(a.centers).every((v, i) => Object.is(v, b.centers[i]))).toBe(true);
  expect(a.intensities).toEqual(b.intensities);
  expect(plain.memoHits).toBe(0);
  return { memo, plain };
}

describe('MeanShift trajectory memo gives the plain path bit for bit', () => {
  for (const name of DATASETS) {
    it(name, () => {
      const f = loadFixture(`meanshift/${name}.json`);
      const X = pointsFromRows(f.inputs.X);
      const { memo, plain } = both(X, f.inputs.bandwidth);
      expect(memo.steps).toBeLessThanOrEqual(plain.steps!);
      both(X, f.inputs.bandwidth, { binSeeding: true });
    });
  }

  it('on hard noisy pass rates, where seeds take over known trajectories', () => {
    const X = pointsFromRows(noisyPassRates(600, 8));
    const { memo, plain } = both(X, Math.sqrt(8) / 10);
    expect(memo.memoHits).toBeGreaterThan(100);
    expect(memo.steps).toBeLessThan(plain.steps! * 0.8);
  });

  it('on greedy 0/1 results with many duplicate rows', () => {
    const X = pointsFromRows(greedy01(800, 9));
    const { memo } = both(X, estimateBandwidth(X, 0.3));
    expect(memo.memoHits).toBeGreaterThan(0);
  });

  it('under a max_iter cap that cuts trajectories short', () => {
    const X = pointsFromRows(noisyPassRates(400, 3));
    const R = Math.sqrt(8) / 10;
    const free = meanShift(X, R).nIter;
    for (const maxIter of [0, 1, 2, 5, Math.floor(free / 2), free - 1, free]) {
      const { memo } = both(X, R, { maxIter });
      if (maxIter >= 5) expect(memo.memoHits).toBeGreaterThan(0);
    }
    expect(meanShift(X, R, { maxIter: 3 }).nIter).toBe(3);
  });

  it('counts hits and steps over seed ranges run apart', () => {
    const X = pointsFromRows(noisyPassRates(300, 5));
    const R = Math.sqrt(8) / 10;
    const probe: MeanShiftProbe = {};
    const parts = [meanShiftSeeds(X, R, {}, 0, 150, probe), meanShiftSeeds(X, R, {}, 150, Infinity, probe)];
    const whole: MeanShiftProbe = {};
    const a = meanShift(X, R, {}, whole);
    const b = meanShiftFinish(X, R, parts);
    expect(b.nIter).toBe(a.nIter);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(probe.steps).toBeGreaterThanOrEqual(whole.steps!);
    expect(probe.memoHits).toBeGreaterThan(0);
  });
});

describe('StateMemo', () => {
  it('keeps every state and its outcome as its table grows past the room it was given', () => {
    const d = 3;
    const memo = new StateMemo(d, 1);
    const m = new Float64Array(d);
    const state = (i: number) => m.set([i / 7, -i, i === 0 ? -0 : 1 / (i + 1)]);
    for (let i = 0; i < 5000; i++) {
      state(i);
      expect(memo.find(m)).toBe(-1);
      memo.add(m, 0, memo.lastHash, i % 300, memo.addFinal(m), i + 0.5);
    }
    for (let i = 0; i < 5000; i++) {
      state(i);
      const e = memo.find(m);
      expect(e).toBeGreaterThanOrEqual(0);
      expect([memo.incOf(e), memo.intensityOf(e)]).toEqual([i % 300, i + 0.5]);
      expect(Array.from(memo.final(memo.finalIdOf(e)))).toEqual(Array.from(m));
    }
    // −0 and +0 give the same next step, so they are one state
    m.set([0, 0, 0]);
    expect(memo.find(m)).toBeGreaterThanOrEqual(0);
  });
});
