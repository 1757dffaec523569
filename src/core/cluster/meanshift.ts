/**
 * Flat-kernel MeanShift with scikit-learn 1.2 semantics (reference/README §2): same seeds, stopping rule, candidate
 * order, suppression and labels, so labels and n_iter match exactly.
 * Speed: identical rows are merged (weighted), neighbourhood sums come from a k-d tree with large leaves (radius.ts)
 * through Verlet-style neighbour lists that serve a trajectory's next steps (neighbours.ts, same sums bit for bit),
 * seeds run in tree order (neighbouring seeds share lists), and a trajectory that reaches a bit-identical state already seen reuses that state's known outcome (the rest of a
 * trajectory depends only on its current mean, and equal neighbourhoods give bit-identical sums).
 * Points on a lattice k/D (pass rates, 0/1 results) are summed as exact integer numerators, so a mean is correctly
 * rounded (one division of exact quantities) whatever the order of the sum.
 */
import { latticeDenominator, treeLattice } from './lattice.ts';
import { StateMemo } from './memo.ts';
import { distinctRows, RowIndex } from './points.ts';
import type { Points } from './points.ts';
import { KdTree } from './spatial.ts';
import { NeighbourLists } from './neighbours.ts';
import { RadiusSums } from './radius.ts';

export { estimateBandwidth } from './bandwidth.ts';

/**
 * Points per k-d leaf. In 8–9 dimensions a radius of about a third of the data's spread straddles nearly every node
 * it meets, so scanning large contiguous leaves costs less than testing many small boxes (about 2× faster than 16
 * on the hard pass-rate sets).
 */
const LEAF = 128;
/** Largest slack of a neighbour list, in units of R (0.7 measured best of 0.3–1 on the hard and bench sets). */
const MAX_SLACK = 0.7;

/**
 * Trajectory states the memo makes room for at once, per seed (10.6 and 13.8 were stored on the 3,000- and
 * 12,000-point hard sets), up to a bound that keeps large runs from reserving memory they may not use.
 */
const STATES_PER_SEED = 16;
const MAX_PRESIZED_STATES = 1 << 18;

export interface MeanShiftOptions {
  binSeeding?: boolean;
  clusterAll?: boolean;
  maxIter?: number;
  minBinFreq?: number;
}

export interface MeanShiftResult {
  /** Per point: index of its centre, or −1 (clusterAll = false and farther than the bandwidth). */
  labels: Int32Array;
  /** k×d modes in sklearn order (densest first). */
  centers: Float64Array;
  nClusters: number;
  /** sklearn `n_iter_`: the largest number of completed iterations over all seeds. */
  nIter: number;
  /** Number of points within the bandwidth of each centre's last mean-shift step. */
  intensities: number[];
}

/** numpy.round: half to even. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const r = v - f;
  if (r < 0.5) return f;
  if (r > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** sklearn `get_bin_seeds`: float32 grid seeds of the occupied bins, or null when every point has its own bin. */
function binSeeds(X: Points, R: number, minBinFreq: number): Float64Array | null {
  const { n, d, data } = X;
  const bins = new Map<string, { key: number[]; count: number }>();
  for (let i = 0; i < n; i++) {
    const key: number[] = [];
    for (let j = 0; j < d; j++) key.push(roundHalfEven(data[i * d + j] / R) + 0);
    const s = key.join(',');
    const b = bins.get(s);
    if (b) b.count++;
    else bins.set(s, { key, count: 1 });
  }
  const kept = [...bins.values()].filter((b) => b.count >= minBinFreq);
  if (kept.length === n) return null;
  const Rf = Math.fround(R);
  const seeds = new Float64Array(kept.length * d);
  kept.forEach((b, s) => {
    for (let j = 0; j < d; j++) seeds[s * d + j] = Math.fround(Math.fround(b.key[j]) * Rf);
  });
  return seeds;
}

/**
 * What the trajectories ended on of the seeds at positions [from, to) of the run order (tree order, so that
 * neighbouring seeds follow each other and share lists; the seeds' own order for bin seeds): the inputs of
 * meanShiftFinish.
 */
export interface SeedOutcomes {
  from: number;
  to: number;
  /** The seed (index among the distinct rows or bins) of each entry. */
  seeds: Int32Array;
  /** (to − from)×d final means. */
  finals: Float64Array;
  /** Points within the bandwidth at each seed's last step (0: no neighbour, not a candidate). */
  intensities: Float64Array;
  /** Completed iterations of each seed. */
  completed: Int32Array;
}

/**
 * Test and bench instrument for the trajectory memo (never part of a result): `memo: false` runs every step
 * plainly; the counters add up over the seeds run with this probe.
 */
export interface MeanShiftProbe {
  memo?: boolean;
  /** Seeds that took over the remainder of an already-known trajectory. */
  memoHits?: number;
  /** Mean-shift steps actually computed (neighbourhood sums). */
  steps?: number;
  /** Neighbour lists built for those steps. */
  lists?: number;
}

interface Prepared {
  tree: KdTree;
  /** Seeds in the order to run them (spatially close seeds one after the other), or null for their own order. */
  order: Int32Array | null;
  seeds: Float64Array;
  nSeeds: number;
}

/** The k-d tree over X's distinct rows and the seeds (every distinct row, or the bin seeds). */
function prepare(X: Points, bandwidth: number, options: MeanShiftOptions): Prepared {
  const u = distinctRows(X);
  const tree = new KdTree(u.points, u.weights, LEAF);
  if (options.binSeeding) {
    const b = binSeeds(X, bandwidth, options.minBinFreq ?? 1);
    if (b) return { tree, order: null, seeds: b, nSeeds: b.length / X.d };
  }
  return { tree, order: tree.index, seeds: u.points.data, nSeeds: u.points.n };
}

/**
 * The trajectories of the seeds at positions [from, to) of the run order of `meanShift(X, bandwidth, options)` (all
 * by default). Each seed's outcome depends only on X and its start, so ranges run apart (e.g. on worker threads)
 * give the same outcomes.
 */
export function meanShiftSeeds(
  X: Points,
  bandwidth: number,
  options: MeanShiftOptions = {},
  from = 0,
  to = Infinity,
  probe?: MeanShiftProbe,
): SeedOutcomes {
  return runSeeds(prepare(X, bandwidth, options), X.d, bandwidth, options, from, to, probe);
}

/**
 * What runs of seeds on the same data can share: the known trajectory states, the neighbour lists, and the room of
 * the states of a trajectory under way (one run's, run after run: a new one per chunk of seeds was 64 KB of garbage
 * each).
 */
interface Shared {
  memo: StateMemo;
  sums: NeighbourLists;
  trajStates: Float64Array;
}

function share(prep: Prepared, d: number, R: number): Shared {
  const states = Math.min(STATES_PER_SEED * prep.nSeeds, MAX_PRESIZED_STATES);
  const { tree } = prep;
  // Grid seeds start far apart on large data: their lists are large and serve few steps, so sorting them costs more
  // than it saves (100,000 questions: 9.5 → 15 s of CPU); they keep RadiusSums' sums.
  const D = prep.order === null ? 0 : latticeDenominator(tree.coords, d, tree.w);
  const lattice = D > 0 ? treeLattice(tree, D) : null;
  return {
    memo: new StateMemo(d, states),
    sums: new NeighbourLists(new RadiusSums(tree), R, MAX_SLACK * R, lattice),
    // room for the longest trajectory under the default max_iter (a growth first needed late cost runSeeds' optimized
    // code on a cold start)
    trajStates: new Float64Array(1024 * d),
  };
}

/**
 * Runs of ranges of positions in the run order of `meanShift(X, bandwidth, options)` sharing known trajectories
 * (outcomes as meanShiftSeeds').
 */
export function meanShiftRunner(
  X: Points,
  bandwidth: number,
  options: MeanShiftOptions = {},
): { nSeeds: number; run: (from: number, to: number) => SeedOutcomes } {
  const prep = prepare(X, bandwidth, options);
  const shared = share(prep, X.d, bandwidth);
  return {
    nSeeds: prep.nSeeds,
    run: (from, to) => runSeeds(prep, X.d, bandwidth, options, from, to, undefined, shared),
  };
}

function runSeeds(
  prep: Prepared,
  d: number,
  R: number,
  options: MeanShiftOptions,
  from: number,
  toWanted: number,
  probe?: MeanShiftProbe,
  shared = share(prep, d, R),
): SeedOutcomes {
  const { seeds, nSeeds } = prep;
  const { memo, sums } = shared;
  const builds0 = sums.builds;
  const to = Math.min(toWanted, nSeeds);
  const maxIter = options.maxIter ?? 300;
  const stopThresh = 1e-3 * R;
  const n = Math.max(0, to - from);
  const out: SeedOutcomes = {
    from,
    to: from + n,
    seeds: new Int32Array(n),
    finals: new Float64Array(n * d),
    intensities: new Float64Array(n),
    completed: new Int32Array(n),
  };
  const traj: number[] = [];
  const trajHash: number[] = [];
  let trajStates = shared.trajStates;
  const m = new Float64Array(d);
  const sum = new Float64Array(d);
  const useMemo = probe?.memo ?? true;
  let hits = 0;
  let radiusSums = 0;

  const { order } = prep;
  for (let i = from; i < from + n; i++) {
    const s = order ? order[i] : i;
    m.set(seeds.subarray(s * d, s * d + d));
    let completed = 0;
    let finalId: number;
    let intensity: number;
    let natural = true;
    let steps = 0;
    let lastShift = Infinity;
    traj.length = 0;
    trajHash.length = 0;
    for (;;) {
      const e = useMemo ? memo.find(m) : -1;
      if (e >= 0 && completed + memo.incOf(e) <= maxIter) {
        hits++;
        completed += memo.incOf(e);
        finalId = memo.finalIdOf(e);
        intensity = memo.intensityOf(e);
        break;
      }
      if ((steps + 1) * d > trajStates.length) {
        const t = new Float64Array(trajStates.length * 2);
        t.set(trajStates);
        trajStates = shared.trajStates = t;
      }
      trajStates.set(m, steps * d);
      traj.push(completed);
      trajHash.push(memo.lastHash);
      steps++;
      radiusSums++;
      const cnt = sums.radiusSum(m, sum, lastShift);
      if (cnt === 0) {
        intensity = 0;
        finalId = memo.addFinal(m);
        break;
      }
      let diff2 = 0;
      // with lattice points, exact sums of numerators: the mean is correctly rounded
      const divisor = sums.scale * cnt;
      for (let j = 0; j < d; j++) {
        const v = sum[j] / divisor;
        const t = v - m[j];
        diff2 += t * t;
        m[j] = v;
      }
      lastShift = Math.sqrt(diff2);
      if (Math.sqrt(diff2) < stopThresh) {
        intensity = cnt;
        finalId = memo.addFinal(m);
        break;
      }
      if (completed === maxIter) {
        natural = false;
        intensity = cnt;
        finalId = memo.addFinal(m);
        break;
      }
      completed++;
    }
    if (natural && useMemo)
      for (let t = 0; t < steps; t++)
        memo.add(trajStates, t * d, trajHash[t], completed - traj[t], finalId, intensity);
    const k = i - from;
    out.seeds[k] = s;
    out.finals.set(memo.final(finalId), k * d);
    out.intensities[k] = intensity;
    out.completed[k] = completed;
  }
  if (probe) {
    probe.memoHits = (probe.memoHits ?? 0) + hits;
    probe.steps = (probe.steps ?? 0) + radiusSums;
    probe.lists = (probe.lists ?? 0) + sums.builds - builds0;
  }
  return out;
}

/**
 * The end of sklearn's fit from every seed's outcome (in any order of the ranges): candidates by intensity,
 * suppression within the bandwidth, labels by nearest centre.
 */
export function meanShiftFinish(
  X: Points,
  bandwidth: number,
  parts: SeedOutcomes[],
  options: MeanShiftOptions = {},
): MeanShiftResult {
  const { n, d, data } = X;
  const clusterAll = options.clusterAll ?? true;
  const R = bandwidth;
  const R2 = R * R;
  const candidates: { m: Float64Array; intensity: number }[] = [];
  let nIter = 0;
  // in seed order, as sklearn fills its dict: of two seeds ending on the same mean, the later one's intensity counts
  const nSeeds = parts.reduce((t, p) => t + p.seeds.length, 0);
  const partOf = new Int32Array(nSeeds).fill(-1);
  const entryOf = new Int32Array(nSeeds);
  parts.forEach((part, i) =>
    part.seeds.forEach((seed, k) => {
      partOf[seed] = i;
      entryOf[seed] = k;
    }),
  );
  // a mean's key is its value (−0 as +0, equal in sklearn's tuple keys)
  const means = new RowIndex(d, nSeeds);
  for (let seed = 0; seed < nSeeds; seed++) {
    if (partOf[seed] < 0) throw new Error(`meanShiftFinish: no outcome for seed ${seed}`);
    const part = parts[partOf[seed]];
    const k = entryOf[seed];
    if (part.completed[k] > nIter) nIter = part.completed[k];
    const intensity = part.intensities[k];
    if (intensity > 0) {
      // a Python dict keeps the key first inserted and the value last assigned
      const u = means.add(part.finals, k * d);
      if (u < candidates.length) candidates[u].intensity = intensity;
      else candidates.push({ m: means.rows.slice(u * d, u * d + d), intensity });
    }
  }

  const sorted = [...candidates].sort((a, b) => {
    if (a.intensity !== b.intensity) return b.intensity - a.intensity;
    for (let j = 0; j < d; j++) if (a.m[j] !== b.m[j]) return b.m[j] - a.m[j];
    return 0;
  });
  const unique = new Uint8Array(sorted.length).fill(1);
  for (let i = 0; i < sorted.length; i++) {
    if (!unique[i]) continue;
    const c = sorted[i].m;
    for (let k = 0; k < sorted.length; k++) {
      if (k === i || !unique[k]) continue;
      const o = sorted[k].m;
      let s2 = 0;
      for (let j = 0; j < d; j++) {
        const t = o[j] - c[j];
        s2 += t * t;
      }
      if (s2 <= R2) unique[k] = 0;
    }
  }
  const kept = sorted.filter((_, i) => unique[i]);
  const k = kept.length;
  const centers = new Float64Array(k * d);
  kept.forEach((c, i) => centers.set(c.m, i * d));

  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestD2 = Infinity;
    for (let c = 0; c < k; c++) {
      let s2 = 0;
      for (let j = 0; j < d; j++) {
        const t = data[i * d + j] - centers[c * d + j];
        s2 += t * t;
      }
      if (s2 < bestD2) {
        bestD2 = s2;
        best = c;
      }
    }
    labels[i] = clusterAll || Math.sqrt(bestD2) <= R ? best : -1;
  }
  return { labels, centers, nClusters: k, nIter, intensities: kept.map((c) => c.intensity) };
}

/**
 * sklearn `MeanShift(bandwidth).fit(X)` with a flat kernel (bandwidth in units of X). Defaults: every point is a
 * seed, clusterAll = true, maxIter = 300, minBinFreq = 1.
 */
export function meanShift(
  X: Points,
  bandwidth: number,
  options: MeanShiftOptions = {},
  probe?: MeanShiftProbe,
): MeanShiftResult {
  const prep = prepare(X, bandwidth, options);
  const part = runSeeds(prep, X.d, bandwidth, options, 0, prep.nSeeds, probe);
  return meanShiftFinish(X, bandwidth, [part], options);
}
