/**
 * Stage 1 of the official BNSL recipe (Caballero et al.): scipy.optimize.brute over a fixed grid, minimising
 * mean((log(err_hat+1) − log(err+1))²), with b = 1.25^b′ − 1 + 1e−8 and d1 = 1.25^d′ − 1 + 1e−8.
 */

const A = Array.from({ length: 10 }, (_, i) => i * 0.1);
const BP = Array.from({ length: 16 }, (_, i) => i * 2.5);
const QUARTERS = [0, 0.25, 0.5, 0.75];

export interface BruteResult {
  /** Transformed parameters [a, b, c0, c1, d1, f1], best first; the first is the grid optimum (NumPy argmin ties). */
  starts: number[][];
  /** Mean squared log1p error of each start. */
  msle: number[];
}

/** The `keep` best grid points for errors err (= 1 − accuracy) at C (1e18-FLOP units). */
export function bnslBruteGrid(C: number[], err: number[], keep = 30): BruteResult {
  const m = C.length;
  const target = err.map((e) => Math.log(e + 1));
  const trans = (v: number) => Math.pow(1.25, v) - 1 + 1e-8;
  const P = QUARTERS.map((c0) => C.map((x) => Math.pow(x, -c0)));
  // Q[c1][d′][f1][i], the break factor.
  const Q = QUARTERS.map((c1) =>
    BP.map((dp) =>
      QUARTERS.map((f1) =>
        C.map((x) => (f1 === 0 ? 1 : Math.pow(1 + Math.pow(x / trans(dp), 1 / f1), -c1 * f1))),
      ),
    ),
  );
  const best: { v: number; p: number[] }[] = [];
  // Once `keep` points are held, a point whose partial sum already exceeds m × the worst kept MSLE (with a margin far
  // above rounding) cannot enter: the sum of squares only grows. Skipping its remaining terms changes no result.
  let cut = Infinity;
  const bP = new Float64Array(m);
  for (const a of A) {
    for (const bp of BP) {
      const b = trans(bp);
      for (let i0 = 0; i0 < 4; i0++) {
        const Pi = P[i0];
        for (let i = 0; i < m; i++) bP[i] = b * Pi[i];
        for (let i1 = 0; i1 < 4; i1++) {
          for (let id = 0; id < BP.length; id++) {
            for (let i2 = 0; i2 < 4; i2++) {
              const Qi = Q[i1][id][i2];
              let s = 0;
              let i = 0;
              for (; i < m && !(s > cut); i++) {
                const d = Math.log(a + bP[i] * Qi[i] + 1) - target[i];
                s += d * d;
              }
              if (i < m) continue;
              s /= m;
              if (best.length < keep || s < best[best.length - 1].v) {
                // Strict comparison keeps the earliest grid point first among equals (NumPy argmin).
                let at = best.length;
                while (at > 0 && best[at - 1].v > s) at--;
                best.splice(at, 0, {
                  v: s,
                  p: [a, b, QUARTERS[i0], QUARTERS[i1], trans(BP[id]), QUARTERS[i2]],
                });
                if (best.length > keep) best.pop();
                if (best.length === keep) cut = best[keep - 1].v * m * (1 + 1e-9);
              }
            }
          }
        }
      }
    }
  }
  return { starts: best.map((x) => x.p), msle: best.map((x) => x.v) };
}
