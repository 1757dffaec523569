import { describe, expect, it } from 'vitest';
import { LAWS } from '../../../src/core/fit/laws.ts';
import { lawProblem } from '../../../src/core/fit/problem.ts';
import { createRandom } from '../../../src/core/util/random.ts';

const C = [0.8, 3, 12, 40, 150, 600, 2400, 9000];
const y = [0.05, 0.08, 0.15, 0.3, 0.45, 0.6, 0.72, 0.8];
const sw = [1, 1, 0.5, 2, 1, 1, 3, 1].map(Math.sqrt);

describe('lawProblem', () => {
  it.each(['cod', 'f1', 'f2', 'f3'] as const)(
    '%s: residuals and Jacobian are the law’s value and gradient bit for bit, whatever the order of calls',
    (name) => {
      const law = LAWS[name];
      expect(law.expForm).toBeDefined();
      const problem = lawProblem(law, C, y, sw);
      const n = law.paramNames.length;
      const rand = createRandom(7);
      const grad = new Float64Array(n);
      const r = new Float64Array(C.length);
      const J = new Float64Array(C.length * n);
      const vectors = Array.from({ length: 40 }, () =>
        law.paramNames.map((p) =>
          p === 'a' ? 500 * rand.next() : p === 'b' ? 2 * rand.next() : rand.next(),
        ),
      );
      vectors.push(
        vectors[0].map(() => 0),
        law.paramNames.map((_, j) => (j === 0 ? -0 : 0.5)),
      );
      const residualsMatch = (at: number[]) => {
        problem.residuals(at, r);
        return C.every((c, i) => Object.is(r[i], sw[i] * (law.value(at, c) - y[i])));
      };
      const jacobianMatches = (at: number[]) => {
        problem.jacobian(at, J);
        return C.every((c, i) => {
          law.gradient(at, c, grad);
          return grad.every((g, j) => Object.is(J[i * n + j], sw[i] * g));
        });
      };
      // after its own residuals (shared terms), after another point's, and with no residuals call in between
      for (const [k, p] of vectors.entries()) {
        const before = vectors[(k + 7) % vectors.length];
        expect(residualsMatch(p)).toBe(true);
        expect(jacobianMatches(p)).toBe(true);
        expect(jacobianMatches(before)).toBe(true);
        expect(residualsMatch(p)).toBe(true);
        expect(jacobianMatches(before)).toBe(true);
      }
    },
  );

  it('bnsl: residuals and Jacobian are log1p-space terms of the law’s value and gradient bit for bit', () => {
    const law = LAWS.bnsl;
    const problem = lawProblem(law, C, y, sw);
    const n = 6;
    const rand = createRandom(11);
    const grad = new Float64Array(n);
    const r = new Float64Array(C.length);
    const J = new Float64Array(C.length * n);
    // Around the grid's ranges (a, b, c0, c1 in quarters, d1 from 1e-8 to 1e3, f1 from 0), some far outside them.
    const vectors = Array.from({ length: 60 }, (_, k) => [
      rand.next() - 0.1,
      k % 7 === 0 ? -rand.next() : 100 * rand.next(),
      2 * rand.next() - 0.5,
      3 * rand.next() - 1,
      k % 5 === 0 ? 1e-8 : Math.pow(10, 12 * rand.next() - 3),
      k % 4 === 0 ? 0 : k % 9 === 0 ? 1e-3 : 5 * rand.next(),
    ]);
    vectors.push([0, 0, 0, 0, 1, 0], [-0, 1, -0, 0.5, 1e300, 1e-300], [0.1, 2, 0.5, 0.7, 100, 0]);
    for (const p of vectors) {
      problem.residuals(p, r);
      problem.jacobian(p, J);
      C.forEach((c, i) => {
        const v = law.value(p, c);
        expect(Object.is(r[i], sw[i] * (Math.log(v + 1) - Math.log(2 - y[i])))).toBe(true);
        law.gradient(p, c, grad);
        const s = sw[i] / (v + 1);
        grad.forEach((g, j) => expect(Object.is(J[i * n + j], s * g), `${p} at ${c}, ${j}`).toBe(true));
      });
    }
  });
});
