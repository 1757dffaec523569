import { createRandom, type Random } from '../util/random.ts';
import { ScoreCollector, type ModelInfo, type Study } from '../study/study.ts';
import { drawQuestion } from './assemble.ts';

/**
 * Seeded, realistic studies with known answers: the app's built-in example and a test oracle.
 *
 * Every question has a latent pass-rate curve in log-compute, p(C) = g + (ceil − g)·σ(s·(log10 C − x50)), with its
 * own threshold, slope, ceiling and guess level; some never emerge, some are saturated from the start, some are
 * flat or rise and fall. Ladder scores are binomial draws over `trials` samples; the ground truth is the exact
 * expected full-set score of the target, mean_i p_i(C_target).
 */

export interface SimBenchmarkSpec {
  name: string;
  questions: number;
  /** Random-guess level (0 for open answers, 0.25 for four options). */
  guess: number;
  /** Relative weights of the question kinds. */
  mix: Partial<Record<QuestionKind, number>>;
}

export type QuestionKind =
  'saturated' | 'emergent' | 'late' | 'never' | 'flat' | 'nonmonotone' | 'lowceiling';

export interface SimulateOptions {
  seed: number;
  /** Training compute of the ladder models, FLOPs, increasing. */
  ladderFlops: number[];
  /** Training compute of the target, FLOPs. */
  targetFlops: number;
  /** Samples per question for every model (pass rate = successes / trials). */
  trials: number;
  benchmarks: SimBenchmarkSpec[];
  /** Name of the target model in the study. */
  targetName: string;
}

export interface SimulatedStudy {
  study: Study;
  target: { name: string; flops: number };
  /** Exact expected full-set score of the target per benchmark, in [0,1]. */
  truth: Record<string, number>;
}

/** Compute of the paper's ladder (Table A4, CPT × tokens), FLOPs: 122M … 12B. */
export const PAPER_LADDER_FLOPS = [39.9, 120.8, 307.8, 688.8, 1386, 4553, 50544, 141444].map((c) => c * 1e18);
/** Compute of the paper's 70B target, FLOPs. */
export const PAPER_TARGET_FLOPS = 3806750e18;
const PAPER_PARAMS = [122e6, 238e6, 411e6, 652e6, 973e6, 1.901e9, 6.98e9, 12.022e9];

// Kept alike on purpose (duplicates): four benchmark specs of one shape are data, not repeated logic.
export const DEFAULT_SIM_BENCHMARKS: SimBenchmarkSpec[] = [
  {
    name: 'sim-gsm',
    questions: 1000,
    guess: 0,
    mix: { saturated: 1, emergent: 5, late: 2, never: 0.5, flat: 0.3, nonmonotone: 0.2, lowceiling: 0.5 },
  },
  {
    name: 'sim-math',
    questions: 1500,
    guess: 0,
    mix: { saturated: 0.5, emergent: 3, late: 3, never: 2, flat: 0.2, nonmonotone: 0.2, lowceiling: 1 },
  },
  {
    name: 'sim-mc',
    questions: 1200,
    guess: 0.25,
    mix: { saturated: 1, emergent: 4, late: 2, never: 1, flat: 0.5, nonmonotone: 0.3, lowceiling: 0.5 },
  },
  {
    name: 'sim-qa',
    questions: 1000,
    guess: 0,
    mix: { saturated: 2, emergent: 4, late: 1, never: 0.5, flat: 1, nonmonotone: 0.5, lowceiling: 1 },
  },
];

export const DEFAULT_SIMULATION: SimulateOptions = {
  seed: 1,
  ladderFlops: PAPER_LADDER_FLOPS,
  targetFlops: PAPER_TARGET_FLOPS,
  trials: 100,
  benchmarks: DEFAULT_SIM_BENCHMARKS,
  targetName: 'sim-70b',
};

/** One question's latent pass-rate curve in log10-compute. */
export interface Curve {
  guess: number;
  ceil: number;
  slope: number;
  x50: number;
  kind: QuestionKind;
  bump?: { centre: number; width: number; height: number };
}

const log10 = Math.log10;

/** A curve's exact pass rate at `flops` (FLOPs), in [0,1]. */
export function passRate(c: Curve, flops: number): number {
  const x = log10(flops);
  if (c.kind === 'flat') return c.ceil;
  if (c.bump) {
    const z = (x - c.bump.centre) / c.bump.width;
    return c.guess + c.bump.height * Math.exp(-z * z);
  }
  return c.guess + (c.ceil - c.guess) / (1 + Math.exp(-c.slope * (x - c.x50)));
}

function drawCurve(
  rng: Random,
  kind: QuestionKind,
  guess: number,
  lo: number,
  hi: number,
  target: number,
): Curve {
  const u = (a: number, b: number) => a + (b - a) * rng.next();
  const ceil = kind === 'lowceiling' ? u(0.35, 0.7) : u(0.88, 1);
  const slope = u(1.2, 4);
  switch (kind) {
    case 'saturated':
      return { kind, guess, ceil, slope, x50: u(lo - 2, lo + 0.3) };
    case 'emergent':
    case 'lowceiling':
      return { kind, guess, ceil, slope, x50: u(lo + 0.3, hi + 0.2) };
    case 'late':
      return { kind, guess, ceil, slope: u(1.2, 2.5), x50: u(hi, target + 0.3) };
    case 'never':
      return { kind, guess, ceil, slope, x50: u(target + 1.5, target + 3) };
    case 'flat':
      return { kind, guess, ceil: u(Math.max(guess, 0.15), 0.7), slope: 0, x50: 0 };
    case 'nonmonotone':
      return {
        kind,
        guess,
        ceil,
        slope,
        x50: 0,
        bump: { centre: u(lo, hi), width: u(0.5, 1.2), height: u(0.2, 0.6) },
      };
  }
}

function pickKind(rng: Random, mix: Partial<Record<QuestionKind, number>>): QuestionKind {
  const entries = Object.entries(mix) as [QuestionKind, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [k, w] of entries) {
    r -= w;
    if (r <= 0) return k;
  }
  return entries[entries.length - 1][0];
}

/**
 * One question of benchmark `spec`: its kind drawn from the benchmark's mix, then its curve, for a ladder spanning
 * log10-compute `lo`…`hi` and a target at `target`.
 */
export function drawSimCurve(
  rng: Random,
  spec: SimBenchmarkSpec,
  lo: number,
  hi: number,
  target: number,
): Curve {
  return drawCurve(rng, pickKind(rng, spec.mix), spec.guess, lo, hi, target);
}

/** A simulated study: ladder models, one target, benchmarks of heterogeneous questions, and the exact answer. */
export function simulateStudy(options: Partial<SimulateOptions> = {}): SimulatedStudy {
  const o: SimulateOptions = { ...DEFAULT_SIMULATION, ...options };
  const rng = createRandom(o.seed);
  const ladderNames = o.ladderFlops.map((f, i) => `sim-${i + 1}-${formatShort(f)}`);
  const lo = log10(o.ladderFlops[0]);
  const hi = log10(o.ladderFlops[o.ladderFlops.length - 1]);
  const target = log10(o.targetFlops);
  const allFlops = [...o.ladderFlops, o.targetFlops];
  const allNames = [...ladderNames, o.targetName];
  const collector = new ScoreCollector();
  const truth: Record<string, number> = {};
  for (const spec of o.benchmarks) {
    let sum = 0;
    for (let q = 0; q < spec.questions; q++) {
      const curve = drawSimCurve(rng, spec, lo, hi, target);
      sum += drawQuestion(rng, collector, allNames, spec.name, q, o.trials, (m) =>
        passRate(curve, allFlops[m]),
      );
    }
    truth[spec.name] = sum / spec.questions;
  }
  const models: ModelInfo[] = allFlops.map((flops, i) => {
    const isTarget = i === allFlops.length - 1;
    const params = isTarget ? undefined : PAPER_PARAMS[i];
    // A Chinchilla-like loss curve with two domains, so the loss-based baselines have something to fit.
    const loss = (c: number, e: number, a: number, alpha: number) => e + a * Math.pow(c / 1e18, -alpha);
    const model: ModelInfo = {
      name: allNames[i],
      flops,
      params,
      tokens: params ? flops / (6 * params) : undefined,
      computeSource: 'file',
      role: isTarget ? 'target' : 'ladder',
    };
    if (!isTarget) {
      model.loss = loss(flops, 1.7, 3.2, 0.12);
      model.domainLosses = { web: loss(flops, 1.9, 3.4, 0.11), code: loss(flops, 0.9, 2.6, 0.14) };
    }
    return model;
  });
  return {
    study: { models, benchmarks: collector.build(), metrics: [], warnings: [] },
    target: { name: o.targetName, flops: o.targetFlops },
    truth,
  };
}

/** "4e19" → "4.0e19", a compact compute tag for simulated model names. */
function formatShort(flops: number): string {
  return flops.toExponential(1).replace('+', '');
}

/** The built-in example of the app: a simulated study small enough to compute in well under a second. */
export function exampleStudy(): Study {
  const { study } = simulateStudy({
    seed: 2025,
    benchmarks: DEFAULT_SIM_BENCHMARKS.map((b) => ({ ...b, questions: Math.round(b.questions / 2) })),
  });
  return study;
}
