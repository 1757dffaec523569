/**
 * How the default method turns the ladder's evidence (evidence.ts) into one prediction per benchmark: candidate
 * weights from the self-backtest errors, and a 95% interval from the self-backtest error scaled to the target's
 * extrapolation distance, the candidates' spread and the sampling noise. Pure arithmetic on the gathered evidence,
 * so the validation suite can tune the rule's constants on one part of the suite and test them on another.
 * Scores in [0,1], errors in points.
 */
import type { Evidence } from './evidence.ts';

export interface CombineRule {
  /** The candidates that may get weight (a subset of the evidence's candidates). */
  use: readonly string[];
  /** Self-backtests count ∝ (their log extrapolation distance)^alpha: larger trusts the long ones more. */
  alpha: number;
  /** Self-errors below this many points count as this (a floor against one lucky holdout). */
  floor: number;
  /** Candidates within this factor of the best (floored) self-error share the weight; the rest get none. */
  nearBest: number;
  /** Weights ∝ 1/error^power. */
  power: number;
  /** A self-backtest error grows to the target's distance as (log target distance ÷ log task distance)^gamma. */
  gamma: number;
  /** Multiplier of the 95% half-width of the default. */
  widthScale: number;
  /** Multiplier of the 95% half-width of a single candidate's calibrated interval (`calibratedHalfWidth`). */
  candidateWidthScale: number;
  /**
   * Stacking prior: each candidate's weight as learned on the validation suite's tuning part, renormalised over the
   * candidates that predicted (absent: none, the self-backtests decide alone).
   */
  prior?: Readonly<Record<string, number>>;
  /** Share of the weight the ladder's own self-backtests decide, in [0,1]; the prior has the rest (absent: 1). */
  trust?: number;
}

/** With no usable self-backtest, the first of these that predicted is used alone. */
export const FALLBACK_ORDER: readonly string[] = ['e2e-exp', 'e2e-passrate', 'largest'];

const finite = (x: number) => Number.isFinite(x);

export interface Combined {
  /** Weight of each evidence candidate, in [0,1], summing to 1 (all 0 when nothing could predict). */
  weights: number[];
  /** The weights the self-backtests alone give (all 0 without a usable self-backtest). */
  selfWeights: number[];
  /** The candidates the prior may weigh here: allowed by the rule, predicting, and not set aside below the ladder. */
  eligible: boolean[];
  /** The prediction by the fixed order of preference, used when neither the self-backtests nor the prior can weigh. */
  fallback: number;
  /** Each candidate's self-backtest error (points, over the study), null where it has none on this benchmark. */
  selfErrors: (number | null)[];
  /** The weighted prediction, NaN when nothing could predict. */
  predicted: number;
  /** Points: the weighted self-backtest error at the self-backtests' distance, scaled to the target's. */
  scaledSelfError: number | null;
  /** Points: the weighted spread of the used candidates around the prediction. */
  spread: number;
  /** The rule, in words. */
  why: string;
}

/**
 * A self-backtest error is scaled up to the target's distance by at most this ratio of log distances: a ladder of
 * nearly equal computes (checkpoints of one run) would otherwise turn noise into huge errors. It changes nothing on
 * the suite's tuning part; it was set after seeing the Pythia checkpoint ladders (so those are not fully held out).
 */
export const MAX_DISTANCE_RATIO = 8;

/**
 * The self-backtest errors (points) of a weighted combination of candidates on one benchmark, each scaled to the
 * target's extrapolation distance by (log target distance ÷ log task distance, at most MAX_DISTANCE_RATIO)^gamma (never
 * shrunk), with the task's
 * weight ∝ log task distance^alpha; only the tasks where every weighted candidate predicted (with its own form).
 */
function taskErrors(
  ev: Evidence,
  bench: string,
  weights: number[],
  rule: CombineRule,
): { err: number; w: number }[] {
  const out: { err: number; w: number }[] = [];
  for (const t of ev.tasks) {
    const a = t.actual[bench];
    const ps = t.predicted[bench];
    if (!finite(a) || !ps) continue;
    let p = 0;
    let ok = true;
    weights.forEach((w, c) => {
      if (w > 0) {
        if (!finite(ps[c])) ok = false;
        else p += w * ps[c];
      }
    });
    if (!ok) continue;
    const d = Math.max(t.logDistance, 1e-9);
    const ratio = Math.min(MAX_DISTANCE_RATIO, ev.logTarget / d);
    const scale = finite(ev.logTarget) ? Math.max(1, Math.pow(ratio, rule.gamma)) : 3;
    out.push({ err: (p - a) * 100 * scale, w: Math.pow(d, rule.alpha) });
  }
  return out;
}

const unit = (n: number, c: number) => Array.from({ length: n }, (_, i) => (i === c ? 1 : 0));

function rms(es: { err: number; w: number }[]): number | null {
  const den = es.reduce((a, e) => a + e.w, 0);
  return den > 0 ? Math.sqrt(es.reduce((a, e) => a + e.w * e.err * e.err, 0) / den) : null;
}

/**
 * Candidate c's self-backtest error over the study, points at the target's distance: the root-mean-square over every
 * benchmark's self-backtests where it predicted. Null without any.
 */
export function studySelfError(ev: Evidence, c: number, rule: CombineRule): number | null {
  const w = unit(ev.candidates.length, c);
  return rms(ev.benchmarks.flatMap((bench) => taskErrors(ev, bench, w, rule)));
}

/** The self-backtest error (points, at the target's distance) of a weighted combination on one benchmark. */
export function scaledError(
  ev: Evidence,
  bench: string,
  weights: number[],
  rule: CombineRule,
): number | null {
  const e = rms(taskErrors(ev, bench, weights, rule));
  return e === null ? null : Math.max(e, 0.5);
}

/**
 * The stacking prior's weights on one benchmark: each eligible candidate's `prior` weight, renormalised over them
 * (all 0 when none has any).
 */
export function priorWeights(
  candidates: readonly string[],
  eligible: readonly boolean[],
  prior: Readonly<Record<string, number>> | undefined,
): number[] {
  const raw = candidates.map((m, c) => (eligible[c] ? Math.max(0, prior?.[m] ?? 0) : 0));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => (total > 0 ? w / total : 0));
}

/** trust·self + (1 − trust)·prior, either alone when the other weighs nothing (both sum to 1 or to 0). */
export function blendWeights(self: readonly number[], prior: readonly number[], trust: number): number[] {
  const has = (ws: readonly number[]) => ws.some((w) => w > 0);
  if (!has(prior)) return [...self];
  if (!has(self)) return [...prior];
  return self.map((w, c) => trust * w + (1 - trust) * prior[c]);
}

const percent = (w: number) => `${Math.round(w * 100)}%`;

/**
 * The combination on one benchmark. The self-backtests weigh the candidates with a complete self-backtest ∝
 * 1/error^power over those within `nearBest`× of the best (errors floored); the rule's stacking prior weighs every
 * candidate that predicted; the two are blended by `trust`, either alone when the other has nothing to weigh, and
 * without either the first of FALLBACK_ORDER that predicted is used. `direct[c]` is candidate c's prediction of the
 * target (NaN where it refused). A candidate predicting less than `lowest` (the lowest score consistent with the
 * ladder, `lowestConsistentScore`) is set aside while another is not: the target has more compute than every ladder
 * model, and the self-backtest cannot see that premise broken when the ladder's largest models are the ones scoring
 * below smaller ones (checkpoints of an unfinished run).
 */
export function combineBenchmark(
  ev: Evidence,
  bench: string,
  direct: number[],
  rule: CombineRule,
  lowest = -Infinity,
): Combined {
  const n = ev.candidates.length;
  const all = ev.candidates.map((_, c) => c);
  const own = ev.candidates.map((_, c) => studySelfError(ev, c, rule));
  const selfErrors = ev.candidates.map((_, c) =>
    taskErrors(ev, bench, unit(n, c), rule).length ? own[c] : null,
  );
  const consistent = (cs: number[]) => {
    const kept = cs.filter((c) => direct[c] >= lowest);
    return kept.length ? kept : cs;
  };
  const allowed = (c: number) => rule.use.includes(ev.candidates[c]) && finite(direct[c]);
  const usable = consistent(all.filter((c) => allowed(c) && selfErrors[c] !== null));
  const eligibleSet = new Set(consistent(all.filter(allowed)));
  const eligible = all.map((c) => eligibleSet.has(c));
  const pick = consistent(
    FALLBACK_ORDER.map((m) => ev.candidates.indexOf(m)).filter((c) => c >= 0 && finite(direct[c])),
  )[0];
  const fallback = pick === undefined ? NaN : direct[pick];
  const selfWeights = new Array<number>(n).fill(0);
  let selfWhy = '';
  if (usable.length) {
    const err = (c: number) => Math.max(rule.floor, selfErrors[c] as number);
    const best = Math.min(...usable.map(err));
    const near = usable.filter((c) => err(c) <= rule.nearBest * best);
    const raw = near.map((c) => 1 / err(c) ** rule.power);
    const total = raw.reduce((a, b) => a + b, 0);
    near.forEach((c, i) => (selfWeights[c] = raw[i] / total));
    selfWhy =
      `weights ∝ 1/error${rule.power === 2 ? '²' : rule.power === 1 ? '' : `^${rule.power}`} of the self-backtest (the ${ev.tasks.length} ` +
      `self-backtests hold back the largest ladder models and predict them from shorter ladders; root-mean-square ` +
      `error over the study's benchmarks, each scaled to the target's extrapolation distance${rule.alpha ? `, longer extrapolations weighted ∝ log distance^${rule.alpha}` : ''}) ` +
      `over the candidates within ${rule.nearBest}× of the best error (errors floored at ${rule.floor} points)`;
  }
  const prior = priorWeights(ev.candidates, eligible, rule.prior);
  const trust = rule.trust ?? 1;
  const weights = blendWeights(selfWeights, prior, trust);
  const priorText = () =>
    `the validation suite's stacking weights (${all
      .filter((c) => prior[c] > 0)
      .map((c) => `${ev.candidates[c]} ${percent(prior[c])}`)
      .join(', ')}; fitted on its tuning part, renormalised over the candidates that predicted)`;
  const noSelf = 'no candidate has a self-backtest here (the ladder is too short to hold a model back)';
  let why: string;
  if (!weights.some((w) => w > 0)) {
    if (pick === undefined)
      return {
        weights,
        selfWeights,
        eligible,
        fallback,
        selfErrors,
        predicted: NaN,
        scaledSelfError: null,
        spread: 0,
        why: 'no candidate could predict',
      };
    weights[pick] = 1;
    why = `${noSelf}: ${ev.candidates[pick]} by a fixed order of preference`;
  } else if (!usable.length) why = `${noSelf}: ${priorText()}`;
  else if (!prior.some((w) => w > 0) || trust >= 1) why = selfWhy;
  else
    why = `${percent(trust)} of the weight by the ladder's own evidence, ${selfWhy}; ${percent(1 - trust)} by ${priorText()}`;
  const below = ev.candidates.filter((m, c) => rule.use.includes(m) && direct[c] < lowest);
  if (below.length && weights.every((w, c) => w === 0 || direct[c] >= lowest))
    why += `; set aside for predicting less than the ladder's best score (more compute should not score lower): ${below.join(', ')}`;
  const predicted = weights.reduce((a, w, c) => (w > 0 ? a + w * direct[c] : a), 0);
  const spread =
    Math.sqrt(weights.reduce((a, w, c) => (w > 0 ? a + w * (direct[c] - predicted) ** 2 : a), 0)) * 100;
  const tested = weights.map((w, c) => (selfErrors[c] !== null ? w : 0));
  const testedTotal = tested.reduce((a, b) => a + b, 0);
  return {
    weights,
    selfWeights,
    eligible,
    fallback,
    selfErrors,
    predicted,
    scaledSelfError:
      testedTotal > 0
        ? scaledError(
            ev,
            bench,
            tested.map((w) => w / testedTotal),
            rule,
          )
        : null,
    spread,
    why,
  };
}

/**
 * Points of error every e-fold of extrapolation adds at least: a floor under the self-backtest's own estimate, which
 * rests on a few short extrapolations (chosen so that, with the width multiplier tuned on the tuning part, the
 * held-out studies keep their coverage with narrower intervals than without it).
 */
export const POINTS_PER_EFOLD = 1;

/** Root-mean-square of the finite values; null without any. */
export function rmsOf(xs: (number | null)[]): number | null {
  const ok = xs.filter((x): x is number => x !== null && finite(x));
  return ok.length ? Math.sqrt(ok.reduce((a, x) => a + x * x, 0) / ok.length) : null;
}

/**
 * The 95% half-width (points): 1.96·scale·√(self² + spread² + noise² + (POINTS_PER_EFOLD·logTarget)²), where self is
 * the benchmark's distance-scaled self-backtest error shrunk halfway to the study's (root-mean-square of the two; 5
 * points without either), spread the candidates' spread and noise the sampling noise, all in points.
 */
export function halfWidth(
  self: { bench: number | null; study: number | null },
  spread: number,
  noise: number,
  logTarget: number,
  scale: number,
): number {
  const mixed = rmsOf([self.bench ?? self.study, self.study ?? self.bench]) ?? 5;
  const far = finite(logTarget) ? POINTS_PER_EFOLD * logTarget : 0;
  return 1.96 * scale * Math.sqrt(mixed * mixed + spread * spread + noise * noise + far * far);
}
