/**
 * Two-dimensional views of per-question difficulty vectors (pass rates of the ladder models, in ladder order),
 * for the Difficulty plot. Inputs are row-major matrices: `data[i * d + m]` = pass rate of question i under model m.
 */

export interface Matrix {
  data: Float64Array;
  n: number;
  d: number;
}

export interface EmergenceView {
  /** Compute in FLOPs at which the question first reaches `level`; NaN when no ladder model reaches it. */
  x: Float64Array;
  /** Pass rate on the largest ladder model. */
  y: Float64Array;
}

/**
 * For each row, the compute (FLOPs) at which its pass rate first reaches `level`, interpolated linearly in
 * log-compute between the two ladder models around the crossing, beside its pass rate on the largest model.
 * `flops` is the ladder's compute in FLOPs, increasing, one per column; level is a pass rate in (0,1].
 */
export function emergenceView(x: Matrix, flops: readonly number[], level = 0.5): EmergenceView {
  const { data, n, d } = x;
  if (flops.length !== d) throw new Error(`emergenceView: ${flops.length} compute values for ${d} columns`);
  const logC = flops.map((f) => Math.log(f));
  const ex = new Float64Array(n);
  const ey = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    ey[i] = d ? data[row + d - 1] : NaN;
    let at = NaN;
    for (let m = 0; m < d; m++) {
      const p = data[row + m];
      if (!(p >= level)) continue;
      if (m === 0) at = flops[0];
      else {
        const prev = data[row + m - 1];
        // prev < level <= p here, so the fraction lies in (0, 1]; a NaN prev means no bracket: take this model.
        const t = Number.isNaN(prev) ? 1 : (level - prev) / (p - prev);
        at = t >= 1 ? flops[m] : Math.exp(logC[m - 1] + t * (logC[m] - logC[m - 1]));
      }
      break;
    }
    ex[i] = at;
  }
  return { x: ex, y: ey };
}

export interface PcaProjection {
  /** Coordinates of each row on the first two principal components. */
  x: Float64Array;
  y: Float64Array;
  /** Share of the total variance explained by each of the two components, in [0,1]. */
  explained: [number, number];
  /** The two unit component vectors (length d each); signs chosen so that loadings sum to ≥ 0. */
  components: [Float64Array, Float64Array];
  /** Column means subtracted before projecting. */
  mean: Float64Array;
}

/**
 * Principal-component projection of the rows onto the two directions of largest variance (covariance
 * eigenvectors by cyclic Jacobi; d is the ladder size, so tiny). Rows containing NaN are skipped when
 * estimating and get NaN coordinates. A component's sign makes its loadings sum ≥ 0, so "right" means
 * "passes more often" on the first axis.
 */
export function pcaProjection(x: Matrix): PcaProjection {
  const { data, n, d } = x;
  const mean = new Float64Array(d);
  const ok = new Uint8Array(n);
  let used = 0;
  for (let i = 0; i < n; i++) {
    let good = true;
    for (let m = 0; m < d; m++) if (Number.isNaN(data[i * d + m])) good = false;
    if (!good) continue;
    ok[i] = 1;
    used++;
    for (let m = 0; m < d; m++) mean[m] += data[i * d + m];
  }
  if (used) for (let m = 0; m < d; m++) mean[m] /= used;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    if (!ok[i]) continue;
    for (let a = 0; a < d; a++) {
      const va = data[i * d + a] - mean[a];
      for (let b = a; b < d; b++) cov[a * d + b] += va * (data[i * d + b] - mean[b]);
    }
  }
  const denom = Math.max(used - 1, 1);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] /= denom;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  const { values, vectors } = symmetricEigen(cov, d);
  const order = [...values.keys()].sort((p, q) => values[q] - values[p]);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const comp = (k: number): Float64Array => {
    const v = new Float64Array(d);
    if (k >= d) return v;
    const col = order[k];
    let sum = 0;
    for (let m = 0; m < d; m++) {
      v[m] = vectors[m * d + col];
      sum += v[m];
    }
    if (sum < 0) for (let m = 0; m < d; m++) v[m] = -v[m];
    return v;
  };
  const c1 = comp(0);
  const c2 = comp(1);
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!ok[i]) {
      px[i] = NaN;
      py[i] = NaN;
      continue;
    }
    let s1 = 0;
    let s2 = 0;
    for (let m = 0; m < d; m++) {
      const v = data[i * d + m] - mean[m];
      s1 += v * c1[m];
      s2 += v * c2[m];
    }
    px[i] = s1;
    py[i] = s2;
  }
  const share = (k: number) => (total > 0 && k < d ? Math.max(values[order[k]], 0) / total : 0);
  return { x: px, y: py, explained: [share(0), share(1)], components: [c1, c2], mean };
}

/**
 * Eigen-decomposition of a symmetric d×d matrix (row-major) by cyclic Jacobi rotations.
 * Returns the eigenvalues and the eigenvectors as the columns of a row-major d×d matrix.
 */
export function symmetricEigen(matrix: Float64Array, d: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < d; p++) {
      diag += a[p * d + p] ** 2;
      for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values: number[] = [];
  for (let i = 0; i < d; i++) values.push(a[i * d + i]);
  return { values, vectors: v };
}
