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
  for (let k = 0; k < idx.length; k++) data.set(X.data.subarray(idx[k] * d, idx[k] * d + d), k * d);
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

/** Collapses bit-identical rows (−0 and 0 count as equal) into weighted distinct rows. */
export function distinctRows(X: Points): Distinct {
  const { n, d, data } = X;
  const of = new Int32Array(n);
  const firstIdx: number[] = [];
  const counts: number[] = [];
  const table = new Map<number, number[]>();
  const scratch = new Float64Array(d);
  const words = new Uint32Array(scratch.buffer);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) scratch[j] = data[i * d + j] + 0;
    const h = hashWords(words);
    let bucket = table.get(h);
    let found = -1;
    if (bucket) {
      for (const u of bucket) {
        const o = firstIdx[u] * d;
        let same = true;
        for (let j = 0; j < d; j++)
          if (data[o + j] !== data[i * d + j]) {
            same = false;
            break;
          }
        if (same) {
          found = u;
          break;
        }
      }
    } else {
      bucket = [];
      table.set(h, bucket);
    }
    if (found < 0) {
      found = firstIdx.length;
      firstIdx.push(i);
      counts.push(0);
      bucket.push(found);
    }
    counts[found]++;
    of[i] = found;
  }
  return { points: subsetPoints(X, firstIdx), weights: Float64Array.from(counts), of };
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
