import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { emergenceView, pcaProjection, symmetricEigen } from '../../src/core/pipeline/projection.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../shared/reference/meanshift/passrate8d_300.json', import.meta.url), 'utf8'),
) as { inputs: { X: number[][] } };
const rows = fixture.inputs.X;
const n = rows.length;
const d = rows[0].length;
const X = { data: Float64Array.from(rows.flat()), n, d };

describe('emergenceView', () => {
  const flops = [1e19, 1e20, 1e21, 1e22];
  it('interpolates the 50% crossing in log compute and reports the top pass rate', () => {
    const m = {
      data: Float64Array.from([0, 0.25, 0.75, 1, 0.6, 0.7, 0.8, 0.9, 0, 0.1, 0.2, 0.3]),
      n: 3,
      d: 4,
    };
    const v = emergenceView(m, flops);
    // crossing halfway between 1e20 and 1e21 in log space
    expect(v.x[0]).toBeCloseTo(Math.sqrt(1e20 * 1e21), -10);
    expect(v.x[1]).toBe(1e19);
    expect(Number.isNaN(v.x[2])).toBe(true);
    expect([...v.y]).toEqual([1, 0.9, 0.3]);
  });
  it('takes the first crossing of a non-monotone row and honours the level', () => {
    const m = { data: Float64Array.from([0.1, 0.9, 0.2, 0.95]), n: 1, d: 4 };
    expect(emergenceView(m, flops).x[0]).toBeGreaterThan(1e19);
    expect(emergenceView(m, flops).x[0]).toBeLessThan(1e20);
    expect(emergenceView(m, flops, 0.95).x[0]).toBe(1e22);
  });
  it('rejects a compute list of the wrong length', () => {
    expect(() => emergenceView(X, [1, 2, 3])).toThrow(/3 compute values for 8 columns/);
  });
  it('places every realistic question between the smallest and largest compute', () => {
    const ladder = [39.9, 120.8, 307.8, 688.8, 1386, 4553, 50544, 141444].map((c) => c * 1e18);
    const v = emergenceView(X, ladder);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(v.x[i])) expect(Math.max(...rows[i])).toBeLessThan(0.5);
      else {
        expect(v.x[i]).toBeGreaterThanOrEqual(ladder[0]);
        expect(v.x[i]).toBeLessThanOrEqual(ladder[7] * (1 + 1e-12));
      }
    }
  });
});

describe('symmetricEigen', () => {
  it('matches ml-matrix on a random symmetric matrix', () => {
    const k = 6;
    const a = new Float64Array(k * k);
    let s = 7;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let i = 0; i < k; i++) for (let j = i; j < k; j++) a[i * k + j] = a[j * k + i] = rnd();
    const mine = symmetricEigen(a, k).values.sort((p, q) => p - q);
    const ref = new EigenvalueDecomposition(
      new MlMatrix(Array.from({ length: k }, (_, i) => [...a.slice(i * k, i * k + k)])),
    ).realEigenvalues
      .slice()
      .sort((p, q) => p - q);
    mine.forEach((v, i) => expect(v).toBeCloseTo(ref[i], 10));
  });
});

describe('pcaProjection', () => {
  it('agrees with an SVD of the centred pass-rate matrix (up to sign) and explains variance in order', () => {
    const p = pcaProjection(X);
    const centred = new MlMatrix(rows.map((r) => r.slice()));
    const means = centred.mean('column');
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) centred.set(i, j, centred.get(i, j) - means[j]);
    const ref = new EigenvalueDecomposition(
      centred
        .transpose()
        .mmul(centred)
        .div(n - 1),
    );
    const vals = ref.realEigenvalues;
    const order = vals.map((_, i) => i).sort((a, b) => vals[b] - vals[a]);
    const total = vals.reduce((s, v) => s + v, 0);
    expect(p.explained[0]).toBeCloseTo(vals[order[0]] / total, 9);
    expect(p.explained[1]).toBeCloseTo(vals[order[1]] / total, 9);
    expect(p.explained[0]).toBeGreaterThanOrEqual(p.explained[1]);
    for (const [k, comp] of p.components.entries()) {
      const refVec = ref.eigenvectorMatrix.getColumn(order[k]);
      const dot = refVec.reduce((s, v, j) => s + v * comp[j], 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 8);
      expect(comp.reduce((s, v) => s + v, 0)).toBeGreaterThanOrEqual(0);
    }
    // projected coordinates have the component variances and zero mean
    const varX = p.x.reduce((s, v) => s + v * v, 0) / (n - 1);
    expect(varX).toBeCloseTo(vals[order[0]], 9);
    expect(p.x.reduce((s, v) => s + v, 0) / n).toBeCloseTo(0, 12);
  });
  it('puts easier questions to the right on the first axis', () => {
    const p = pcaProjection(X);
    const mean = (i: number) => rows[i].reduce((s, v) => s + v, 0) / d;
    let easiest = 0;
    let hardest = 0;
    for (let i = 1; i < n; i++) {
      if (mean(i) > mean(easiest)) easiest = i;
      if (mean(i) < mean(hardest)) hardest = i;
    }
    expect(p.x[easiest]).toBeGreaterThan(p.x[hardest]);
  });
  it('gives NaN coordinates to rows with missing values and ignores them in the fit', () => {
    const data = Float64Array.from([0, 0, 1, 1, 0.5, 0.5, NaN, 3]);
    const p = pcaProjection({ data, n: 4, d: 2 });
    expect(Number.isNaN(p.x[3])).toBe(true);
    expect(p.explained[0]).toBeCloseTo(1, 12);
    expect(p.mean[0]).toBeCloseTo(0.5, 12);
  });
});
