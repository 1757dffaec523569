/** The Difficulty plot's data: every scored question of a benchmark in two 2-D views of its difficulty vector. */
import type { Features } from './features.ts';
import { emergenceView, pcaProjection } from './projection.ts';

export interface DifficultyView {
  benchmark: string;
  /** Benchmark question index of each point. */
  rows: Int32Array;
  /** True for zero-performance questions (no ladder model ever passed). */
  zero: Uint8Array;
  /** Compute (FLOPs) where the question first reaches 50% (NaN: never) and its top-ladder pass rate. */
  emergence: { x: Float64Array; y: Float64Array };
  pca: { x: Float64Array; y: Float64Array; explained: [number, number] };
  ladder: { model: string; flops: number }[];
  /** True when the pass rates are smoothed by an item-response fit (Features.smoothing). */
  smoothed: boolean;
}

/** The Difficulty plot's coordinates for a benchmark: every scored question, zero-performance ones included. */
export function difficultyView(benchmark: string, f: Features): DifficultyView {
  const d = f.X.d;
  const seen = new Map<number, number>();
  const rows: number[] = [];
  for (const r of f.rows) {
    seen.set(r, rows.length);
    rows.push(r);
  }
  const zeros: number[] = [];
  for (const r of f.zeroRows) if (!seen.has(r)) zeros.push(r);
  const n = rows.length + zeros.length;
  const data = new Float64Array(n * d);
  data.set(f.X.data.subarray(0, rows.length * d));
  const zero = new Uint8Array(n);
  zero.fill(1, rows.length);
  for (const r of f.zeroRows) if (seen.has(r)) zero[seen.get(r) as number] = 1;
  const m = { data, n, d };
  const flops = f.ladder.map((l) => l.flops);
  const pca = pcaProjection(m);
  return {
    benchmark,
    rows: Int32Array.from([...rows, ...zeros]),
    zero,
    emergence: emergenceView(m, flops),
    pca: { x: pca.x, y: pca.y, explained: pca.explained },
    ladder: f.ladder.map((l) => ({ model: l.model, flops: l.flops })),
    smoothed: f.smoothing !== null,
  };
}
