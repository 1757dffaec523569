import { createRandom, type Random } from '../util/random.ts';
import { assembleStudy, type TruePassRates } from './assemble.ts';
import { itemPassRates } from './irt.ts';
import type { SimulatedStudy } from './simulate.ts';

/**
 * A ladder of training checkpoints, like Pythia's: a few model sizes, each saved at several fractions of its token
 * budget, and a size fully trained as the target (a larger one, or the largest ladder size whose run the ladder
 * holds only up to `lastRunFraction`). Compute is 6·N·D of the checkpoint. Ability depends on size and tokens
 * separately, θ = aN·log10(N/N₀) + aD·log10(D/D₀) + bump·s(f), where f is the fraction of the run's schedule and
 * s(f) the learning-rate decay's late gain (0 before `decayStart`, rising quadratically to 1 at the end), so a
 * large model's early checkpoint can score below a smaller finished model with less compute. Questions follow the
 * item-response form of the `irt` family: p = g + (1 − g − slip)·σ(a·(θ − d)).
 */
export interface CheckpointBenchSpec {
  name: string;
  questions: number;
  guess: number;
}

export interface CheckpointOptions {
  seed: number;
  /** Parameters of the ladder's sizes, increasing. */
  sizes: number[];
  /** Tokens of the smallest size's full run; a size N trains on tokens0·(N/N₀)^tokenExponent. */
  tokens0: number;
  /** 0: every size sees the same tokens (Pythia); 1: tokens ∝ parameters (compute-optimal-like). */
  tokenExponent: number;
  /** Fractions of each run's tokens saved as ladder checkpoints, in (0,1], increasing. */
  fractions: number[];
  /** The largest ladder size's run stops at this fraction (an unfinished run); 1 keeps it whole. */
  lastRunFraction: number;
  /** Training compute of the target, a size fully trained under the token law, FLOPs. */
  targetFlops: number;
  trials: number;
  benchmarks: CheckpointBenchSpec[];
  /** Ability per decade of parameters and per decade of tokens. */
  abilityPerDecadeN: number;
  abilityPerDecadeD: number;
  /** Ability gained over the schedule's decay, from `decayStart` to the end of the run. */
  bump: number;
  decayStart: number;
  /** Share of questions with negative discrimination. */
  nonMonotone: number;
  targetName?: string;
}

/** One model of the checkpoint ladder (or the target, fraction 1). */
export interface Checkpoint {
  name: string;
  /** Parameters. */
  params: number;
  /** Tokens seen at this checkpoint. */
  tokens: number;
  /** Fraction of its run's tokens, in (0,1]. */
  fraction: number;
  /** 6·params·tokens, FLOPs. */
  flops: number;
}

const runTokens = (o: CheckpointOptions, params: number) =>
  o.tokens0 * Math.pow(params / o.sizes[0], o.tokenExponent);

/** Parameters of the size whose full run has `flops` of compute under the options' token law. */
export function paramsForCompute(o: CheckpointOptions, flops: number): number {
  // flops = 6·N·tokens0·(N/N₀)^β  ⇒  N = N₀·(flops / (6·N₀·tokens0))^(1/(1+β))
  return o.sizes[0] * Math.pow(flops / (6 * o.sizes[0] * o.tokens0), 1 / (1 + o.tokenExponent));
}

/** The ladder's checkpoints by increasing compute (ties impossible for generic sizes), then the target. */
export function checkpointModels(o: CheckpointOptions): { ladder: Checkpoint[]; target: Checkpoint } {
  const ladder: Checkpoint[] = [];
  o.sizes.forEach((params, s) => {
    const last = s === o.sizes.length - 1 ? o.lastRunFraction : 1;
    const full = runTokens(o, params);
    for (const fraction of o.fractions) {
      if (fraction > last + 1e-12) continue;
      const tokens = full * fraction;
      ladder.push({
        name: `ckpt-s${s + 1}@${Math.round(fraction * 100)}%`,
        params,
        tokens,
        fraction,
        flops: 6 * params * tokens,
      });
    }
  });
  ladder.sort((a, b) => a.flops - b.flops);
  const params = paramsForCompute(o, o.targetFlops);
  const target: Checkpoint = {
    name: o.targetName ?? 'ckpt-target',
    params,
    tokens: o.targetFlops / (6 * params),
    fraction: 1,
    flops: o.targetFlops,
  };
  return { ladder, target };
}

/** The schedule's late gain at fraction f of a run, in [0,1]. */
export function decayGain(f: number, decayStart: number): number {
  if (f <= decayStart) return 0;
  const u = Math.min(1, (f - decayStart) / (1 - decayStart));
  return u * u;
}

/** Ability θ of a checkpoint (see the interface). */
export function checkpointAbility(o: CheckpointOptions, m: Checkpoint): number {
  return (
    o.abilityPerDecadeN * Math.log10(m.params / o.sizes[0]) +
    o.abilityPerDecadeD * Math.log10(m.tokens / o.tokens0) +
    o.bump * decayGain(m.fraction, o.decayStart)
  );
}

/** The generator's exact pass rates, ladder checkpoints (by compute) then the target (drawn from `rng`). */
export function checkpointPassRates(
  o: CheckpointOptions,
  rng: Random = createRandom(o.seed),
): TruePassRates[] {
  const { ladder, target } = checkpointModels(o);
  const theta = [...ladder, target].map((m) => checkpointAbility(o, m));
  const lo = Math.min(...theta);
  return itemPassRates(theta, lo, theta[theta.length - 1] - lo, o.benchmarks, o.nonMonotone, rng);
}

/** A study from the checkpoint generator, with the target's exact expected scores as truth. */
export function simulateCheckpoints(o: CheckpointOptions): SimulatedStudy {
  const rng = createRandom(o.seed);
  const { ladder, target } = checkpointModels(o);
  const benches = checkpointPassRates(o, rng);
  const sim = assembleStudy(
    rng,
    'ckpt',
    {
      ladderFlops: ladder.map((m) => m.flops),
      ladderNames: ladder.map((m) => m.name),
      targetFlops: o.targetFlops,
      targetName: target.name,
      trials: o.trials,
    },
    benches,
  );
  const byName = new Map([...ladder, target].map((m) => [m.name, m]));
  for (const m of sim.study.models) {
    const c = byName.get(m.name);
    if (c) Object.assign(m, { params: c.params, tokens: c.tokens });
  }
  return sim;
}
