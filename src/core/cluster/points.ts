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
 * Rows of d values numbered in order of first appearance, equal rows by value (−0 and 0 are one row), in an open
 * table of typed arrays keyed by the hash of their bits: no garbage per row (a Map of an array per hash, or a string
 * of a row's bits, made enough of it to fault in fresh pages on a cold start).
 */
export class RowIndex {
  /** The rows in number order, each as first seen (−0 kept). */
  readonly rows: Float64Array;
  /** Rows numbered so far. */
  count = 0;
  /** Each place: its row's number + 1 (0 when empty). */
  private readonly table: Int32Array;
  private readonly scratch: Float64Array;
  private readonly words: Uint32Array;

  /** Room for `capacity` distinct rows. */
  constructor(
    private readonly d: number,
    capacity: number,
  ) {
    let size = 1;
    while (size < 2 * capacity) size *= 2;
    this.table = new Int32Array(size);
    this.rows = new Float64Array(capacity * d);
    this.scratch = new Float64Array(d);
    this.words = new Uint32Array(this.scratch.buffer);
  }

  /** The number of row src[o .. o + d): its earlier one, or the next (the row is then added). */
  add(src: Float64Array, o: number): number {
    const { d, table, rows, scratch } = this;
    const mask = table.length - 1;
    for (let j = 0; j < d; j++) scratch[j] = src[o + j] + 0;
    let at = hashWords(this.words) & mask;
    for (; table[at] !== 0; at = (at + 1) & mask) {
      const u = table[at] - 1;
      let j = 0;
      while (j < d && rows[u * d + j] === src[o + j]) j++;
      if (j === d) return u;
    }
    const u = this.count++;
    for (let j = 0; j < d; j++) rows[u * d + j] = src[o + j];
    table[at] = u + 1;
    return u;
  }
}

/** Collapses bit-identical rows (−0 and 0 count as equal) into weighted distinct rows. */
export function distinctRows(X: Points): Distinct {
  const { n, d, data } = X;
  const of = new Int32Array(n);
  const counts = new Float64Array(n);
  const index = new RowIndex(d, n);
  for (let i = 0; i < n; i++) {
    const u = index.add(data, i * d);
    counts[u]++;
    of[i] = u;
  }
  const distinct = index.count;
  return {
    points: { data: index.rows.slice(0, distinct * d), n: distinct, d },
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
