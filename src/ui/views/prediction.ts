/**
 * The prediction table and chart: one row per benchmark and method. A refused method has no number at all (not
 * the fallback value it may carry), and a method without an interval gets none.
 */
import type { BenchmarkPrediction, PredictResult } from '../../core/study/types.ts';
import { methodLook } from './methods.ts';

export interface PredictionRow {
  benchmark: string;
  method: string;
  label: string;
  colour: string;
  status: BenchmarkPrediction['status'];
  /** Scores in [0,1]; null when refused or not finite. */
  predicted: number | null;
  low: number | null;
  high: number | null;
  actual: number | null;
  /** |predicted − actual| in points (0–100); null without both. */
  error: number | null;
  notes: string;
  explanation?: { candidates: { method: string; weight: number; predicted: number | null }[]; rule: string };
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

function row(p: BenchmarkPrediction): PredictionRow {
  const look = methodLook(p.method);
  const refused = p.status === 'refused' || !finite(p.predicted);
  const withInterval = !refused && look.hasInterval && finite(p.low) && finite(p.high) && p.high > p.low;
  const ex = (p as BenchmarkPrediction & { explanation?: PredictionRow['explanation'] }).explanation;
  return {
    benchmark: p.benchmark,
    method: p.method,
    label: look.label,
    colour: look.colour,
    status: refused ? 'refused' : p.status,
    predicted: refused ? null : p.predicted,
    low: withInterval ? p.low : null,
    high: withInterval ? p.high : null,
    actual: p.actual,
    error: refused || !finite(p.error) ? null : p.error,
    notes: p.warnings.join('; '),
    ...(ex ? { explanation: ex } : {}),
  };
}

/**
 * Rows grouped by benchmark: the default (the prediction shown first) when there is one, then COD, then every other
 * method with a result for it.
 */
export function predictionRows(cod: PredictResult | null, others: readonly PredictResult[]): PredictionRow[] {
  if (!cod) return [];
  const lead = others.filter((r) => r.method === 'default');
  const rest = others.filter((r) => r.method !== 'default');
  const out: PredictionRow[] = [];
  const add = (rs: readonly PredictResult[], bench: string) => {
    for (const r of rs) {
      const x = r.benchmarks.find((y) => y.benchmark === bench);
      if (x) out.push(row(x));
    }
  };
  for (const b of cod.benchmarks) {
    add(lead, b.benchmark);
    out.push(row(b));
    add(rest, b.benchmark);
  }
  return out;
}

/** The interval chart's rows: predicted methods only; a point without interval is drawn as a point. */
export function chartRows(
  rows: readonly PredictionRow[],
): { group: string; label: string; value: number; low: number; high: number; color: string }[] {
  return rows.flatMap((r) =>
    r.predicted === null
      ? []
      : [
          {
            group: r.benchmark,
            label: r.label,
            value: r.predicted,
            low: r.low ?? r.predicted,
            high: r.high ?? r.predicted,
            color: r.colour,
          },
        ],
  );
}
