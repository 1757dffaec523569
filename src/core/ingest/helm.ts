/** HELM run directories (FORMATS §3.3): per_instance_stats.json with its sibling run_spec.json. */
import { ScoreCollector, StudyError, emptyStudy } from '../study/study.ts';
import { isObject } from './json.ts';
import { MAX_TRIALS } from './limits.ts';
import type { Part } from './types.ts';

/** Per-instance correctness stats, in the order one is picked. */
export const HELM_STATS = [
  'exact_match',
  'quasi_exact_match',
  'prefix_exact_match',
  'quasi_prefix_exact_match',
  'f1_score',
];

/** Benchmark name of a run spec name without its model part: "mmlu:subject=anatomy,model=x" → "mmlu:subject=anatomy". */
export function helmBenchmark(runSpecName: string): string {
  const [head, args = ''] = runSpecName.split(/:(.*)/s);
  const kept = args
    .split(',')
    .filter((a) => a && !/^(model|model_deployment)=/.test(a))
    .join(',');
  return kept ? `${head}:${kept}` : head;
}

/**
 * Scores of a HELM `per_instance_stats.json`: per instance, the mean of the first of HELM_STATS on split "test" without
 * perturbation; several train trials are averaged (trials = their count). `runSpec` is the sibling run_spec.json;
 * without it the model and benchmark come from the folder name `<run_spec_name>`.
 */
export function importHelm(json: unknown, path: string, runSpec?: unknown): Part {
  const warnings: string[] = [];
  if (!Array.isArray(json)) throw new StudyError('expected a list of instance stats', path);
  const folder = path.split('/').slice(-2, -1)[0] ?? '';
  let model: string | undefined;
  let specName = folder;
  if (isObject(runSpec)) {
    const a = isObject(runSpec.adapter_spec) ? runSpec.adapter_spec : {};
    model =
      typeof a.model === 'string'
        ? a.model
        : typeof a.model_deployment === 'string'
          ? a.model_deployment
          : undefined;
    if (typeof runSpec.name === 'string') specName = runSpec.name;
  } else warnings.push(`${path}: no run_spec.json beside it; model and benchmark come from the folder name`);
  if (!model) {
    const m = /(?:^|[:,])model=([^,]+)/.exec(specName);
    if (!m)
      throw new StudyError(
        'cannot tell the model: no run_spec.json and no "model=" in the folder name',
        path,
      );
    model = m[1].replace(/_/, '/');
  }
  const benchmark = helmBenchmark(specName) || 'helm';
  const perInstance = new Map<string, number[]>();
  let statName: string | undefined;
  json.forEach((inst, i) => {
    if (!isObject(inst) || typeof inst.instance_id !== 'string' || !Array.isArray(inst.stats)) {
      throw new StudyError('expected {instance_id, stats: [...]}', path, undefined, `[${i}]`);
    }
    if (inst.perturbation) return;
    const stats = inst.stats.filter(
      (s) => isObject(s) && isObject(s.name) && !s.name.perturbation && (s.name.split ?? 'test') === 'test',
    ) as { name: { name: string }; mean?: number; sum?: number; count?: number }[];
    statName ??= HELM_STATS.find((n) => stats.some((s) => s.name.name === n));
    const s = stats.find((x) => x.name.name === statName);
    if (!s) return;
    const mean = typeof s.mean === 'number' ? s.mean : s.count ? (s.sum ?? NaN) / s.count : NaN;
    if (!(mean >= 0 && mean <= 1)) {
      throw new StudyError(`"${statName}" mean ${mean} is not in [0,1]`, path, undefined, `[${i}].stats`);
    }
    const list = perInstance.get(inst.instance_id) ?? [];
    list.push(mean);
    perInstance.set(inst.instance_id, list);
  });
  if (!statName)
    throw new StudyError(`no per-instance stat among ${HELM_STATS.join(', ')} on split "test"`, path);
  const collector = new ScoreCollector();
  for (const [id, v] of perInstance) {
    if (v.length > MAX_TRIALS) {
      throw new StudyError(
        `instance "${id}" has ${v.length} train trials, over the limit ${MAX_TRIALS} (MAX_TRIALS)`,
        path,
      );
    }
    collector.add(
      {
        model,
        benchmark,
        question: id,
        score: Math.min(1, v.reduce((a, b) => a + b, 0) / v.length),
        trials: v.length,
      },
      path,
    );
  }
  const study = emptyStudy();
  study.models = [{ name: model, computeSource: 'none', role: 'ladder' }];
  study.benchmarks = collector.build();
  return { study, rows: collector.size, warnings };
}
