/** Point sets for clustering: row-major n×d Float64Array. */

export interface Points {
  data: Float64Array;
  n: number;
  d: number;
}

/** Packs rows (all of the same length) into a Points set. */
export function pointsFromRows(rows: number[][]): Points {
  const n = rows.length;
  const d = n > 0 ? rows[0].length : 0;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.length !== d) throw new Error(`row ${i} has ${r.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) data[i * d + j] = r[j];
  }
  return { data, n, d };
}

/** The rows of X listed in `idx`, in that order. */
export function subsetPoints(X: Points, idx: ArrayLike<number>): Points {
  const { d } = X;
  const data = new Float64Array(idx.length * d);
  const from = X.data;
  for (let k = 0; k < idx.length; k++) for (let j = 0; j < d; j++) data[k * d + j] = from[idx[k] * d + j];
  return { data, n: idx.length, d };
}

export interface Distinct {
  /** The distinct rows, in order of first appearance. */
  points: Points;
  /** Multiplicity of each distinct row. */
  weights: Float64Array;
  /** For each original row, the index of its distinct row. */
  of: Int32Array;
}

/**
 * Collapses bit-identical rows (−0 and 0 count as equal) into weighted distinct rows. An open table of typed arrays
 * (a Map of arrays per hash was garbage enough to fault in fresh pages, 24 ms for 12,000 rows).
 */
export function distinctRows(X: Points): Distinct {
  const { n, d, data } = X;
  const of = new Int32Array(n);
  const firstIdx = new Int32Array(n);
  const counts = new Float64Array(n);
  let size = 1;
  while (size < 2 * n) size *= 2;
  // each place: its distinct row + 1 (0 when empty)
  const table = new Int32Array(size);
  const scratch = new Float64Array(d);
  const words = new Uint32Array(scratch.buffer);
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) scratch[j] = data[i * d + j] + 0;
    let at = hashWords(words) & (size - 1);
    let found = -1;
    for (; table[at] !== 0; at = (at + 1) & (size - 1)) {
      const u = table[at] - 1;
      const o = firstIdx[u] * d;
      let j = 0;
      while (j < d && data[o + j] === data[i * d + j]) j++;
      if (j === d) {
        found = u;
        break;
      }
    }
    if (found < 0) {
      found = distinct++;
      firstIdx[found] = i;
      table[at] = found + 1;
    }
    counts[found]++;
    of[i] = found;
  }
  return {
    points: subsetPoints(X, firstIdx.subarray(0, distinct)),
    weights: counts.slice(0, distinct),
    of,
  };
}

/** 32-bit hash of a word sequence (FNV-style mixing). */
export function hashWords(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < words.length; k++) {
    h = Math.imul(h ^ words[k], 0x01000193);
    h ^= h >>> 13;
  }
  return h >>> 0;
}
