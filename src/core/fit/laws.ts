import type { LawName } from '../study/types.ts';

/** Compute unit inside every law: C is in units of 1e18 FLOPs (the paper's "BB"), never normalised further. */
export const LAW_UNIT = 1e18;

/** FLOPs → law units (1e18 FLOPs). */
export function toLawUnits(flops: number): number {
  return flops / LAW_UNIT;
}

export interface Bounds {
  lower: number[];
  upper: number[];
}

export interface Law {
  name: LawName;
  paramNames: string[];
  /** The law's value at compute C (1e18-FLOP units): an accuracy in [0,1] for every law but bnsl (its error). */
  value(p: number[], C: number): number;
  /** ∂value/∂p at C, written into out. */
  gradient(p: number[], C: number, out: Float64Array): void;
  defaultBounds: Bounds;
  /** Deterministic multi-start grid for the points (C in 1e18-FLOP units, y accuracies), inside `bounds`. */
  starts(C: number[], y: number[], bounds: Bounds): number[][];
  /**
   * Set for the laws g + (1−g)·exp(−a·C^−b − c) with a, b first: the index of c and of g in p (−1 when the law has
   * no such parameter). The fit evaluates these laws through expFormTerms, whose arithmetic is `value`'s and
   * `gradient`'s operation for operation.
   */
  expForm?: { c: number; g: number };
}

const B0_COD = [0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2.0];
const C0_COD = [-0.1, 0, 0.2, 0.5, 1.0];
const B0_EXP = [0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2.0];

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function inBox(p: number[], bounds: Bounds): number[] {
  return p.map((v, i) => clamp(v, bounds.lower[i], bounds.upper[i]));
}

/** Numbers equal as their decimal text is (−0 is 0, NaN is NaN): what Map keys compare by. */
const sameNumber = (u: number, v: number) => u === v || (u !== u && v !== v);

/** The starts without repeats, first occurrences in order. */
function dedupe(starts: number[][]): number[][] {
  const seen = new Map<number, number[][]>();
  return starts.filter((s) => {
    const kin = seen.get(s[0]);
    if (!kin) {
      seen.set(s[0], [s]);
      return true;
    }
    if (kin.some((t) => t.length === s.length && t.every((v, i) => sameNumber(v, s[i])))) return false;
    kin.push(s);
    return true;
  });
}

function anchors(m: number, wanted: number[]): number[] {
  return [...new Set(wanted.map((j) => Math.min(j, m - 1)))];
}

/** a0 such that the curve passes through point j given the other parameters (the reference grid's rule). */
function anchorA(y: number, g: number, c: number, C: number, b: number): number {
  const z = clamp((y - g) / (1 - g), 1e-6, 1 - 1e-6);
  return Math.max(-Math.log(z) - c, 0.01) * Math.pow(C, b);
}

function guessLevels(y: number[], hi: number): number[] {
  const ymin = Math.min(...y);
  return [...new Set([0, 0.5 * ymin, 0.9 * ymin].map((g) => Math.min(g, hi)))];
}

/** y = g + (1−g)·exp(−a·C^−b − c), params [a, b, c, g]. */
const cod: Law = {
  name: 'cod',
  paramNames: ['a', 'b', 'c', 'g'],
  value(p, C) {
    const [a, b, c, g] = p;
    return g + (1 - g) * Math.exp(-a * Math.pow(C, -b) - c);
  },
  gradient(p, C, out) {
    const [a, b, c, g] = p;
    const cb = Math.pow(C, -b);
    const e = Math.exp(-a * cb - c);
    const s = (1 - g) * e;
    out[0] = -s * cb;
    out[1] = s * a * cb * Math.log(C);
    out[2] = -s;
    out[3] = 1 - e;
  },
  defaultBounds: { lower: [0, 0, 0, 0], upper: [Infinity, 5, 10, 0.99] },
  expForm: { c: 2, g: 3 },
  starts(C, y, bounds) {
    const out: number[][] = [];
    for (const b0 of B0_COD)
      for (const c0 of C0_COD)
        for (const g0 of guessLevels(y, 0.99))
          for (const j of anchors(y.length, [0, 4]))
            out.push(inBox([anchorA(y[j], g0, c0, C[j], b0), b0, c0, g0], bounds));
    return dedupe(out);
  },
};

/** y = exp(−a·C^−b − c), params [a, b, c]. */
const f1: Law = {
  name: 'f1',
  paramNames: ['a', 'b', 'c'],
  value(p, C) {
    return Math.exp(-p[0] * Math.pow(C, -p[1]) - p[2]);
  },
  gradient(p, C, out) {
    const cb = Math.pow(C, -p[1]);
    const e = Math.exp(-p[0] * cb - p[2]);
    out[0] = -e * cb;
    out[1] = e * p[0] * cb * Math.log(C);
    out[2] = -e;
  },
  defaultBounds: { lower: [0, 0, 0], upper: [Infinity, 5, 10] },
  expForm: { c: 2, g: -1 },
  starts(C, y, bounds) {
    const out: number[][] = [];
    for (const b0 of B0_COD)
      for (const c0 of C0_COD)
        for (const j of anchors(y.length, [0, 4]))
          out.push(inBox([anchorA(y[j], 0, c0, C[j], b0), b0, c0], bounds));
    return dedupe(out);
  },
};

/** y = g + (1−g)·exp(−a·C^−b), params [a, b, g]. */
const f2: Law = {
  name: 'f2',
  paramNames: ['a', 'b', 'g'],
  value(p, C) {
    const g = p[2];
    return g + (1 - g) * Math.exp(-p[0] * Math.pow(C, -p[1]));
  },
  gradient(p, C, out) {
    const [a, b, g] = p;
    const cb = Math.pow(C, -b);
    const e = Math.exp(-a * cb);
    out[0] = -(1 - g) * e * cb;
    out[1] = (1 - g) * e * a * cb * Math.log(C);
    out[2] = 1 - e;
  },
  defaultBounds: { lower: [0, 0, 0], upper: [Infinity, 5, 0.99] },
  expForm: { c: -1, g: 2 },
  starts(C, y, bounds) {
    const out: number[][] = [];
    for (const b0 of B0_EXP)
      for (const g0 of guessLevels(y, 0.99))
        for (const j of anchors(y.length, [0, 4, 7]))
          out.push(inBox([anchorA(y[j], g0, 0, C[j], b0), b0, g0], bounds));
    return dedupe(out);
  },
};

/** y = exp(−a·C^−b), params [a, b] ("direct power law"). */
const f3: Law = {
  name: 'f3',
  paramNames: ['a', 'b'],
  value(p, C) {
    return Math.exp(-p[0] * Math.pow(C, -p[1]));
  },
  gradient(p, C, out) {
    const cb = Math.pow(C, -p[1]);
    const e = Math.exp(-p[0] * cb);
    out[0] = -e * cb;
    out[1] = e * p[0] * cb * Math.log(C);
  },
  defaultBounds: { lower: [0, 0], upper: [Infinity, 5] },
  expForm: { c: -1, g: -1 },
  starts(C, y, bounds) {
    const out: number[][] = [];
    for (const b0 of B0_EXP)
      for (const j of anchors(y.length, [0, 4, 7]))
        out.push(inBox([anchorA(y[j], 0, 0, C[j], b0), b0], bounds));
    return dedupe(out);
  },
};

/** log(1 + e^t) without overflow. */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/**
 * 1-break BNSL on the error: err = a + b·C^−c0·(1 + (C/d1)^(1/f1))^(−c1·f1), params [a, b, c0, c1, d1, f1].
 * f1 = 0 makes the break factor exactly 1 (NumPy's inf semantics, which the official brute grid relies on).
 */
const bnsl: Law = {
  name: 'bnsl',
  paramNames: ['a', 'b', 'c0', 'c1', 'd1', 'f1'],
  value(p, C) {
    const [a, b, c0, c1, d1, f1] = p;
    const lnQ = f1 === 0 ? 0 : -c1 * f1 * softplus((Math.log(C) - Math.log(d1)) / f1);
    return a + b * Math.exp(-c0 * Math.log(C) + lnQ);
  },
  gradient(p, C, out) {
    const [, b, c0, c1, d1, f1] = p;
    const lnC = Math.log(C);
    if (f1 === 0) {
      const P = Math.exp(-c0 * lnC);
      out[0] = 1;
      out[1] = P;
      out[2] = -b * P * lnC;
      out[3] = out[4] = out[5] = 0;
      return;
    }
    const t = (lnC - Math.log(d1)) / f1;
    const sp = softplus(t);
    const sig = 1 / (1 + Math.exp(-t));
    const PQ = Math.exp(-c0 * lnC - c1 * f1 * sp);
    out[0] = 1;
    out[1] = PQ;
    out[2] = -b * PQ * lnC;
    out[3] = -b * PQ * f1 * sp;
    out[4] = (b * PQ * c1 * sig) / d1;
    out[5] = b * PQ * (-c1 * sp + c1 * sig * t);
  },
  defaultBounds: { lower: new Array(6).fill(-Infinity), upper: new Array(6).fill(Infinity) },
  starts() {
    // The BNSL recipe starts from a brute-force grid search (bnsl.ts), not from a fixed list.
    return [];
  },
};

export const LAWS: Record<LawName, Law> = { cod, f1, f2, f3, bnsl };
