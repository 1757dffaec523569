/**
 * What each notebook section may show: the current result, a computing state, a refusal with its reason, or an
 * error. A section shows numbers only when its status is `current`, so a stale or impossible result never passes
 * for the latest one. Difficulty, clusters and mapping are current once COD's answer is; the prediction only once
 * the baselines' is too.
 */
import type { BenchmarkPrediction } from '../../core/study/types.ts';
import type { ComputeResponse } from '../../../workers/protocol.ts';
import type { SectionId } from '../../core/session/schema.ts';

export type SectionStatus = 'current' | 'computing' | 'refused' | 'error';

export interface SectionState {
  status: SectionStatus;
  /** Why a section is refused or failed; empty when current or computing. */
  reason: string;
}

export interface StatusInputs {
  loaded: boolean;
  importing: boolean;
  /** Why no target can be predicted (bad planned run, no compute), or null when there is one. */
  targetError: string | null;
  hasData: boolean;
  benchmark: string | null;
  /** The result that answers the current inputs, or null when none does yet. */
  current: ComputeResponse | null;
  /** COD's part of the answer to the current inputs (there before `current` while the baselines compute). */
  cod?: ComputeResponse | null;
  /** The error of the current inputs' request, or null. */
  error: string | null;
}

const computing: SectionState = { status: 'computing', reason: '' };
const ok: SectionState = { status: 'current', reason: '' };

/** The state of every section for the inputs on screen. */
export function sectionStates(s: StatusInputs): Record<SectionId, SectionState> {
  const data: SectionState = !s.loaded || s.importing ? computing : ok;
  const shared = sharedState(s);
  if (shared) {
    return { data, difficulty: shared, clusters: shared, mapping: shared, prediction: shared };
  }
  const fromCod = codStates(s.benchmark, (s.cod ?? s.current) as ComputeResponse);
  return {
    data,
    difficulty: fromCod.difficulty,
    clusters: fromCod.cod,
    mapping: fromCod.cod,
    prediction: s.current ? predictionState(s.current) : computing,
  };
}

/** Difficulty, clusters and mapping need COD's answer only. */
function codStates(benchmark: string | null, res: ComputeResponse) {
  const pred = res.cod?.benchmarks.find((b) => b.benchmark === benchmark) ?? null;
  const benchError = res.errors.find((e) => e.benchmark === benchmark && benchmark !== null);
  const cod = codState(benchmark, pred, benchError?.message);
  return { difficulty: res.difficulty?.benchmark === benchmark ? ok : cod, cod };
}

/** The prediction needs the whole answer: COD's and the baselines'. */
function predictionState(res: ComputeResponse): SectionState {
  const whole = res.errors.find((e) => e.benchmark === '');
  if (whole) return { status: 'error', reason: whole.message };
  return res.cod?.benchmarks.length || res.baselines.length
    ? ok
    : { status: 'refused', reason: 'No benchmark could be predicted.' };
}

/** The state every result section shares before a result is looked at, or null when there is a current result. */
function sharedState(s: StatusInputs): SectionState | null {
  if (!s.loaded || s.importing) return computing;
  if (!s.hasData)
    return { status: 'refused', reason: 'No data yet: drop evaluation files or choose them above.' };
  if (s.targetError) return { status: 'refused', reason: s.targetError };
  if (s.error) return { status: 'error', reason: s.error };
  if (!s.current && !s.cod) return computing;
  return null;
}

function codState(benchmark: string | null, pred: BenchmarkPrediction | null, error?: string): SectionState {
  if (error) return { status: 'error', reason: error };
  if (!benchmark) {
    return {
      status: 'refused',
      reason:
        'No per-question results: COD needs samples files (or a scores table), not only full-set metrics.',
    };
  }
  if (!pred) return { status: 'refused', reason: `COD did not run on ${benchmark}.` };
  if (!pred.cod) {
    return {
      status: 'refused',
      reason: `COD refused ${benchmark}: ${pred.warnings.join(' ') || 'no reason given'}`,
    };
  }
  return ok;
}

/** True while any section is computing: the page is `busy`, not `ready`. */
export function anyComputing(states: Record<SectionId, SectionState>): boolean {
  return Object.values(states).some((s) => s.status === 'computing');
}
