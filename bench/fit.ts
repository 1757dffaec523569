/**
 * Benchmark: all cluster fits of a benchmark (the 32 golden curves ≈ one benchmark's clusters), BNSL, and the
 * item-response fit of the `irt` method on 12,000 questions × 8 models.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fitLaw } from '../src/core/fit/index.ts';
import { fitIrt } from '../src/core/methods/baselines/irt-fit.ts';
import { createRandom } from '../src/core/util/random.ts';

interface Case {
  C: number[];
  y: number[];
}

const LADDER = [1e20, 3e20, 1e21, 3e21, 1e22, 3e22, 1e23, 3e23];

/** 12,000 questions × 8 models from a two-parameter item-response model with a guess floor of 0.25, k samples. */
function irtData(trials: number) {
  const rng = createRandom(trials);
  const q = 12000;
  const scores = new Float64Array(q * LADDER.length);
  for (let i = 0; i < q; i++) {
    const c = -1 + 1.5 * rng.normal();
    const a = 1.2 + 0.4 * rng.normal();
    LADDER.forEach((f, j) => {
      const p = 0.25 + 0.75 / (1 + Math.exp(-(c + a * (Math.log10(f) - 21.74))));
      scores[i * LADDER.length + j] = rng.binomial(trials, p) / trials;
    });
  }
  return { flops: LADDER, scores, trials: new Float64Array(scores.length).fill(trials) };
}

export default async function benchFit(): Promise<string[]> {
  const cod = JSON.parse(
    readFileSync(new URL('../../shared/reference/curve_fits/cod_law.json', import.meta.url), 'utf8'),
  );
  const cases: Case[] = cod.expected.cases;
  const sixty = [...cases, ...cases].slice(0, 60);
  const time = (f: () => void, reps: number) => {
    const t = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      f();
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    return { median: t[Math.floor(t.length / 2)] };
  };
  const cold = performance.now();
  for (const c of sixty) fitLaw('cod', c.C, c.y);
  const coldMs = performance.now() - cold;
  const product = time(() => sixty.forEach((c) => fitLaw('cod', c.C, c.y)), 5).median;
  const paper = time(() => sixty.forEach((c) => fitLaw('cod', c.C, c.y, { lower: [0, 0, -1, 0] })), 5).median;
  const f3 = time(() => sixty.forEach((c) => fitLaw('f3', c.C, c.y)), 5).median;
  // BNSL fits are kept by their exact points, so each repetition fits a curve not fitted before
  const bnslCases = cases.slice(4, 7);
  let nextBnsl = 0;
  const bnsl = time(() => {
    const c = bnslCases[nextBnsl++];
    fitLaw('bnsl', c.C, c.y);
  }, 3).median;
  const irt = [1, 10, 100].map((k) => {
    const data = irtData(k);
    return time(() => fitIrt(data, { at: 1e25, curvature: 'fit' }), 3).median;
  });
  return [
    '| fit | what | ms |',
    '|---|---|---|',
    `| cod, 60 clusters, c ≥ 0 (first run, cold JIT) | 210-start grid, best 12 polished | ${coldMs.toFixed(1)} |`,
    `| cod, 60 clusters, c ≥ 0 (median of 5) | target < 100 | ${product.toFixed(1)} |`,
    `| cod, 60 clusters, c ≥ −1 (median of 5) | paper-like bounds | ${paper.toFixed(1)} |`,
    `| f3 (exp power), 60 fits (median of 5) | 24 starts | ${f3.toFixed(1)} |`,
    `| bnsl, 1 fit (median of 3 different curves) | 163,840-point brute grid + 12 LM polishes | ${bnsl.toFixed(1)} |`,
    ...[1, 10, 100].map(
      (k, i) =>
        `| irt, 12,000 questions × 8 models, ${k} sample${k > 1 ? 's' : ''} (median of 3) | floor and curvature searched, every question's posterior | ${irt[i].toFixed(1)} |`,
    ),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  (await benchFit()).forEach((l) => console.log(l));
