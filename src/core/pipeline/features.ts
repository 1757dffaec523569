import type { Points } from '../cluster/points.ts';
import { findBenchmark, StudyError, type Study } from '../study/study.ts';
import type { PassRateSource } from '../study/types.ts';
import { difficultyPassRates, type Smoothing } from './smoothing.ts';

export interface LadderModel {
  model: string;
  /** Training compute in FLOPs. */
  flops: number;
}

/** The difficulty features of one benchmark: each question's pass rates over the ladder, ordered by compute. */
export interface Features {
  benchmark: string;
  ladder: LadderModel[];
  /** One row per clusterable question: its ladder pass rates in [0,1]. */
  X: Points;
  /** Benchmark question index of each feature row. */
  rows: Int32Array;
  /** Questions no ladder model ever solved (all pass rates exactly 0): kept for the mapping, never clustered. */
  zeroRows: Int32Array;
  /** Questions some ladder model has no result for. */
  missingRows: Int32Array;
  /** Ladder columns in the benchmark matrix, in ladder order. */
  columns: Int32Array;
  /** With smoothed pass rates, the raw ones of the same rows (for the fits' noise); else null. */
  raw: Points | null;
  /** The item-response fit the pass rates were smoothed by, or null for raw pass rates. */
  smoothing: Smoothing | null;
  /** Says how the pass rates were smoothed, or why they were left raw when smoothing was asked for; else null. */
  note: string | null;
}

/** Ladder models of a benchmark: role "ladder", with results on it and a known compute, by increasing compute. */
export function ladderOf(study: Study, benchmark: string): LadderModel[] {
  const b = findBenchmark(study, benchmark);
  if (!b) throw new StudyError(`unknown benchmark "${benchmark}"`);
  const present = new Set(b.models);
  return study.models
    .filter((m) => m.role === 'ladder' && present.has(m.name) && m.flops !== undefined && m.flops > 0)
    .map((m) => ({ model: m.name, flops: m.flops as number }))
    .sort((x, y) => x.flops - y.flops);
}

/**
 * Builds the difficulty vectors of a benchmark from the ladder models only: the target's and anchors' results never
 * enter them (no leakage). `passRates` says whether the pass rates are taken as they are or smoothed (smoothing.ts).
 * Zero-performance questions are set aside as the paper prescribes.
 */
export function computeFeatures(
  study: Study,
  benchmark: string,
  passRates: PassRateSource = 'raw',
): Features {
  const b = findBenchmark(study, benchmark);
  if (!b) throw new StudyError(`unknown benchmark "${benchmark}"`);
  const ladder = ladderOf(study, benchmark);
  const d = ladder.length;
  const nq = b.questions.length;
  const nm = b.models.length;
  const columns = Int32Array.from(ladder.map((l) => b.models.indexOf(l.model)));
  const results = {
    scores: new Float64Array(nq * d),
    trials: new Float64Array(nq * d),
    flops: ladder.map((l) => l.flops),
  };
  for (let q = 0; q < nq; q++)
    for (let j = 0; j < d; j++) {
      results.scores[q * d + j] = b.scores[q * nm + columns[j]];
      results.trials[q * d + j] = b.trials[q * nm + columns[j]];
    }
  const { scores, smoothing, note } = difficultyPassRates(results, passRates);
  const data = new Float64Array(nq * d);
  const raw = smoothing ? new Float64Array(nq * d) : null;
  const rows: number[] = [];
  const zero: number[] = [];
  const missing: number[] = [];
  for (let q = 0; q < nq; q++) {
    let allZero = true;
    let absent = false;
    const base = rows.length * d;
    for (let j = 0; j < d; j++) {
      const v = scores[q * d + j];
      if (Number.isNaN(v)) {
        absent = true;
        break;
      }
      data[base + j] = v;
      if (raw) raw[base + j] = results.scores[q * d + j];
      if (v !== 0) allZero = false;
    }
    if (absent) missing.push(q);
    else if (allZero) zero.push(q);
    else rows.push(q);
  }
  return {
    benchmark,
    ladder,
    X: { data: data.slice(0, rows.length * d), n: rows.length, d },
    rows: Int32Array.from(rows),
    zeroRows: Int32Array.from(zero),
    missingRows: Int32Array.from(missing),
    columns,
    raw: raw ? { data: raw.slice(0, rows.length * d), n: rows.length, d } : null,
    smoothing,
    note,
  };
}
