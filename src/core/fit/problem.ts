/**
 * The least-squares problem of a law fit: residuals f(C)−y (accuracy space), or log1p(err_hat)−log1p(err) for bnsl,
 * times √w, and their Jacobian. The laws of the form g + (1−g)·exp(−a·C^−b − c) keep C^−b and the exponential of
 * the last parameters they were evaluated at, so the Jacobian at an accepted step reuses its residuals' terms; bnsl
 * hoists ln C and ln d1 and shares the break factor between the value and the gradient.
 */
import { softplus, type Law } from './laws.ts';
import type { LeastSquaresProblem } from './solver.ts';

/** The residual problem of `law` on the points (C in 1e18-FLOP units, y accuracies) with square-root weights sw. */
export function lawProblem(law: Law, C: number[], y: number[], sw: number[]): LeastSquaresProblem {
  if (law.expForm) return expFormProblem(law, law.expForm, C, y, sw);
  const m = C.length;
  const n = law.paramNames.length;
  const grad = new Float64Array(n);
  if (law.name === 'bnsl') return bnslProblem(C, y, sw);
  return {
    m,
    n,
    residuals(p, out) {
      for (let i = 0; i < m; i++) out[i] = sw[i] * (law.value(p, C[i]) - y[i]);
    },
    jacobian(p, out) {
      for (let i = 0; i < m; i++) {
        law.gradient(p, C[i], grad);
        for (let j = 0; j < n; j++) out[i * n + j] = sw[i] * grad[j];
      }
    },
  };
}

/**
 * `law.value` and `law.gradient` of an exp-form law, operation for operation (so bit for bit), with C^−b and
 * e = exp(−a·C^−b − c) computed once per parameter vector.
 */
function expFormProblem(
  law: Law,
  form: { c: number; g: number },
  C: number[],
  y: number[],
  sw: number[],
): LeastSquaresProblem {
  const m = C.length;
  const n = law.paramNames.length;
  const lnC = C.map(Math.log);
  const cb = new Float64Array(m);
  const e = new Float64Array(m);
  const at = new Float64Array(n);
  let held = false;
  const terms = (p: number[]) => {
    if (held) {
      let same = true;
      for (let j = 0; j < n && same; j++) same = Object.is(p[j], at[j]);
      if (same) return;
    }
    for (let j = 0; j < n; j++) at[j] = p[j];
    held = true;
    const a = p[0];
    const b = p[1];
    const c = form.c >= 0 ? p[form.c] : 0;
    for (let i = 0; i < m; i++) {
      cb[i] = Math.pow(C[i], -b);
      e[i] = form.c >= 0 ? Math.exp(-a * cb[i] - c) : Math.exp(-a * cb[i]);
    }
  };
  return {
    m,
    n,
    residuals(p, out) {
      terms(p);
      if (form.g < 0) {
        for (let i = 0; i < m; i++) out[i] = sw[i] * (e[i] - y[i]);
        return;
      }
      const g = p[form.g];
      for (let i = 0; i < m; i++) out[i] = sw[i] * (g + (1 - g) * e[i] - y[i]);
    },
    jacobian(p, out) {
      terms(p);
      const a = p[0];
      const g = form.g >= 0 ? p[form.g] : 0;
      for (let i = 0; i < m; i++) {
        const s = form.g >= 0 ? (1 - g) * e[i] : e[i];
        const o = i * n;
        out[o] = sw[i] * (-s * cb[i]);
        out[o + 1] = sw[i] * (s * a * cb[i] * lnC[i]);
        if (form.c >= 0) out[o + form.c] = sw[i] * -s;
        if (form.g >= 0) out[o + form.g] = sw[i] * (1 - e[i]);
      }
    },
  };
}

/**
 * The bnsl problem: `law.value` and `law.gradient` of bnsl (laws.ts) operation for operation, so bit for bit, with
 * ln C per point computed once, ln d1 once per parameter vector, and the Jacobian's value and gradient sharing t,
 * softplus(t), exp(−t) and the power term (−c1·f1·sp added equals c1·f1·sp subtracted exactly in IEEE arithmetic).
 */
function bnslProblem(C: number[], y: number[], sw: number[]): LeastSquaresProblem {
  const m = C.length;
  const n = 6;
  const lnC = C.map(Math.log);
  const target = y.map((v) => Math.log(2 - v));
  return {
    m,
    n,
    residuals(p, out) {
      const a = p[0];
      const b = p[1];
      const c0 = p[2];
      const f1 = p[5];
      const k = -p[3] * f1;
      const lnD1 = Math.log(p[4]);
      for (let i = 0; i < m; i++) {
        const lnQ = f1 === 0 ? 0 : k * softplus((lnC[i] - lnD1) / f1);
        const v = a + b * Math.exp(-c0 * lnC[i] + lnQ);
        out[i] = sw[i] * (Math.log(v + 1) - target[i]);
      }
    },
    jacobian(p, out) {
      const a = p[0];
      const b = p[1];
      const c0 = p[2];
      const c1 = p[3];
      const d1 = p[4];
      const f1 = p[5];
      const k = -c1 * f1;
      const lnD1 = Math.log(d1);
      for (let i = 0; i < m; i++) {
        const o = i * n;
        const lc = lnC[i];
        if (f1 === 0) {
          const P = Math.exp(-c0 * lc);
          const s = sw[i] / (a + b * P + 1);
          out[o] = s * 1;
          out[o + 1] = s * P;
          out[o + 2] = s * (-b * P * lc);
          out[o + 3] = out[o + 4] = out[o + 5] = s * 0;
          continue;
        }
        const t = (lc - lnD1) / f1;
        const em = Math.exp(-t);
        const sp = t > 0 ? t + Math.log1p(em) : Math.log1p(Math.exp(t));
        const sig = 1 / (1 + em);
        const PQ = Math.exp(-c0 * lc + k * sp);
        const s = sw[i] / (a + b * PQ + 1);
        out[o] = s * 1;
        out[o + 1] = s * PQ;
        out[o + 2] = s * (-b * PQ * lc);
        out[o + 3] = s * (-b * PQ * f1 * sp);
        out[o + 4] = s * ((b * PQ * c1 * sig) / d1);
        out[o + 5] = s * (b * PQ * (-c1 * sp + c1 * sig * t));
      }
    },
  };
}
