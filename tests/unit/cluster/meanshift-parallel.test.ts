import { describe, expect, it } from 'vitest';
import {
  meanShift,
  meanShiftFinish,
  meanShiftRunner,
  meanShiftSeeds,
} from '../../../src/core/cluster/meanshift.ts';
import { pointsFromRows } from '../../../src/core/cluster/points.ts';
import { createRandom } from '../../../src/core/util/random.ts';
import {
  meanShiftInParallel,
  prestartMeanShiftWorkers,
  type ParallelProbe,
} from '../../../src/node/meanshift-parallel.ts';
import { SeedBoard } from '../../../src/node/seed-board.ts';

/** 100-sample pass rates on 8 models around per-question sigmoid curves with per-question noise. */
function noisy(n: number, seed: number): number[][] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => {
    const mid = 1 + 4 * rng.next();
    const scale = 0.15 + 0.6 * rng.next();
    return Array.from({ length: 8 }, (_, j) => {
      const p = 1 / (1 + Math.exp(-(0.7 * j - mid) / scale)) + 0.08 * rng.normal();
      return rng.binomial(100, Math.min(1, Math.max(0, p))) / 100;
    });
  });
}

const same = (a: ReturnType<typeof meanShift>, b: ReturnType<typeof meanShift>) => {
  expect(b.nIter).toBe(a.nIter);
  expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
  expect(Array.from(b.centers)).toEqual(Array.from(a.centers));
  expect(b.intensities).toEqual(a.intensities);
};

describe('MeanShift over ranges of its run order', () => {
  const X = pointsFromRows(noisy(900, 4));
  const R = Math.sqrt(8) / 10;
  const whole = meanShift(X, R);

  it('merges ranges run apart into the same labels, centres and n_iter, in any order', () => {
    const n = meanShiftRunner(X, R).nSeeds;
    const cuts = [0, 17, Math.floor(n / 2), n - 3, n];
    const parts = cuts.slice(0, -1).map((c, i) => meanShiftSeeds(X, R, {}, c, cuts[i + 1]));
    same(whole, meanShiftFinish(X, R, parts.reverse()));
    // one runner over the same ranges shares its known trajectories between them: same outcomes
    const runner = meanShiftRunner(X, R);
    expect(runner.nSeeds).toBe(n);
    same(
      whole,
      meanShiftFinish(
        X,
        R,
        cuts.slice(0, -1).map((c, i) => runner.run(c, cuts[i + 1])),
      ),
    );
    // a range of positions in the run order holds seeds from all over the index range
    expect(Math.max(...runner.run(0, 17).seeds)).toBeGreaterThan(17);
    expect(() => meanShiftFinish(X, R, parts.slice(1))).toThrow(/no outcome for seed/);
    const binned = meanShift(X, R, { binSeeding: true });
    same(binned, meanShiftFinish(X, R, [meanShiftSeeds(X, R, { binSeeding: true })], { binSeeding: true }));
  });

  it('runs every distinct row as a seed, or every occupied bin with bin seeding', () => {
    const dup = pointsFromRows([...noisy(50, 9), ...noisy(50, 9), [0, 0, 0, 0, 0, 0, 0, 0]]);
    expect(meanShiftRunner(dup, R).nSeeds).toBe(51);
    const bins = meanShiftRunner(X, R, { binSeeding: true }).nSeeds;
    expect(bins).toBeLessThan(X.n);
    expect(meanShiftRunner(X, R, { binSeeding: true, minBinFreq: 3 }).nSeeds).toBeLessThanOrEqual(bins);
    for (const [P, options] of [
      [X, {}],
      [dup, {}],
      [X, { binSeeding: true }],
      [X, { binSeeding: true, minBinFreq: 3 }],
    ] as const)
      expect(meanShiftSeeds(P, R, options).seeds.length).toBe(meanShiftRunner(P, R, options).nSeeds);
  });

  it('gives the same result with the seeds shared out over worker threads as on one thread', async () => {
    const probe: ParallelProbe = { waitForWorkers: true };
    same(whole, await meanShiftInParallel(X, R, {}, 2, 400, probe));
    // the worker claimed chunks while this thread waited: both ran seeds, every seed once
    expect(probe.seedsByThread).toHaveLength(2);
    expect(Math.min(...probe.seedsByThread!)).toBeGreaterThan(0);
    expect(probe.seedsByThread![0] + probe.seedsByThread![1]).toBe(meanShiftRunner(X, R).nSeeds);
  });

  it('says so when a worker fails before it runs any seed, and runs its share here with the same result', async () => {
    const probe: ParallelProbe = { waitForWorkers: true, breakWorkers: true };
    const r = await meanShiftInParallel(X, R, {}, 2, 400, probe);
    same(whole, r);
    expect(probe.seedsByThread).toEqual([meanShiftRunner(X, R).nSeeds]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(
      /^worker thread 1 of 2 failed before it ran any seed \(.+\); the other threads ran its share$/,
    );
    expect((await meanShiftInParallel(X, R, {}, 2, 400, { waitForWorkers: true })).warnings).toEqual([]);
  });

  it('keeps a short job on this thread, with the same result', async () => {
    const probe: ParallelProbe = {};
    same(whole, await meanShiftInParallel(X, R, {}, 2, Infinity, probe));
    expect(probe.seedsByThread).toEqual([meanShiftRunner(X, R).nSeeds]);
    same(whole, await meanShiftInParallel(X, R));
  });

  it('takes workers started ahead of it (the CLI, before it reads its points), and stops those it does not need', async () => {
    const probe: ParallelProbe = { waitForWorkers: true };
    same(whole, await meanShiftInParallel(X, R, {}, 2, 400, probe, prestartMeanShiftWorkers(2)));
    expect(probe.seedsByThread).toHaveLength(2);
    expect(Math.min(...probe.seedsByThread!)).toBeGreaterThan(0);
    // too few rows for a worker: the one started ahead is stopped at once
    const spare = prestartMeanShiftWorkers(2);
    const exited = new Promise<number>((resolve) => spare[0].once('exit', resolve));
    same(whole, await meanShiftInParallel(X, R, {}, 2, Infinity, {}, spare));
    expect(await exited).toBeTypeOf('number');
  });

  it('stops the workers it started for the rows when repeated rows leave too few seeds for them', async () => {
    const rows = noisy(900, 4);
    const probe: ParallelProbe = {};
    const r = await meanShiftInParallel(pointsFromRows([...rows, ...rows, ...rows]), R, {}, 2, 1000, probe);
    expect(Array.from(r.centers)).toEqual(Array.from(whole.centers));
    expect(probe.workersStarted).toBe(1);
    expect(probe.seedsByThread).toEqual([meanShiftRunner(X, R).nSeeds]);
    expect(await Promise.all(probe.unneededExits!)).toHaveLength(1);
  });
});

describe('the seed board', () => {
  it('gives each lane its own front first, then the back of the fullest lane, each position once', () => {
    const board = new SeedBoard(2, 10);
    expect(board.started(1)).toBe(false);
    expect(board.claim(1, 3)).toEqual([5, 8]);
    expect(board.started(1)).toBe(true);
    expect(board.claim(0, 4)).toEqual([0, 4]);
    expect(board.claim(0, 4)).toEqual([4, 5]);
    // lane 0 is empty: it steals from the back of lane 1, and lane 1 goes on from its own front
    expect(board.claim(0, 1)).toEqual([9, 10]);
    expect(board.claim(1, 3)).toEqual([8, 9]);
    expect(board.claim(0, 4)).toBeNull();
    expect(board.claim(1, 4)).toBeNull();
  });

  it('is shared by a second view of its buffer (as a worker sees it)', () => {
    const board = new SeedBoard(3, 7);
    const seen = new SeedBoard(board.buffer);
    expect(seen.lanes).toBe(3);
    const claimed: number[] = [];
    for (let c = seen.claim(2, 2); c; c = (claimed.length % 2 ? board : seen).claim(claimed.length % 3, 2))
      for (let k = c[0]; k < c[1]; k++) claimed.push(k);
    expect(claimed.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
