/** The study as a prediction for one target sees it: the target left out of the ladder, metric-only benchmarks added. */
import type { Benchmark, Study } from './study.ts';

/** The study with the target's role forced to "target", so its results never enter any fit or feature (no leakage). */
export function excludeTarget(study: Study, target: { name: string }): Study {
  const m = study.models.find((x) => x.name === target.name);
  if (!m || m.role === 'target') return study;
  return { ...study, models: study.models.map((x) => (x === m ? { ...x, role: 'target' } : x)) };
}

/**
 * The study with a question-less benchmark for every benchmark known only from full-set metrics (results files
 * without per-question logs), so the methods that need only full-set scores can still predict it.
 */
export function withMetricBenchmarks(study: Study): Study {
  const known = new Set(study.benchmarks.map((b) => b.name));
  const extra = new Map<string, Set<string>>();
  for (const m of study.metrics) {
    if (known.has(m.benchmark)) continue;
    if (!extra.has(m.benchmark)) extra.set(m.benchmark, new Set());
    extra.get(m.benchmark)!.add(m.model);
  }
  if (!extra.size) return study;
  const added: Benchmark[] = [...extra].map(([name, models]) => ({
    name,
    questions: [],
    models: [...models],
    scores: new Float64Array(0),
    trials: new Uint32Array(0),
  }));
  return { ...study, benchmarks: [...study.benchmarks, ...added] };
}
