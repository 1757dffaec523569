/** `scalecast predict <file|dir>... --target <model> [--target-flops F] [--method cod] [--set k=v]... [--json]` */
import { parseQuantity } from '../core/compute/compute.ts';
import { applySettings } from '../core/study/params.ts';
import { DEFAULT_PARAMS } from '../core/pipeline/predict.ts';
import { closeWorkers, predictInParallel } from '../node/parallel.ts';
import type { Study } from '../core/study/study.ts';
import type { BenchmarkPrediction, PredictResult, TargetSpec } from '../core/study/types.ts';
import type { ParsedArgs } from './args.ts';
import { loadStudy, settingsOf } from './load.ts';

const USAGE =
  'scalecast predict <file|folder>... --target <model> [--target-flops F] [--method cod|<baseline>] ' +
  '[--set key=value]... [--json]';

/** The target from --target (a study model or a new name) and --target-flops (FLOPs, "6e23", "3.8e24 FLOPs"). */
export function resolveTarget(study: Study, name: unknown, flopsText: unknown): TargetSpec {
  if (typeof name !== 'string' || !name) throw new Error('--target <model> is required');
  const model = study.models.find((m) => m.name === name);
  const flops = typeof flopsText === 'string' ? parseQuantity(flopsText) : model?.flops;
  if (!model && flops === undefined) {
    throw new Error(`"${name}" is not a model of the study; give its compute with --target-flops`);
  }
  if (!(flops && flops > 0))
    throw new Error(`the target "${name}" has no training compute; give it with --target-flops`);
  return { name, flops };
}

async function runMethod(
  study: Study,
  target: TargetSpec,
  method: string,
  settings: string[],
): Promise<PredictResult> {
  if (method === 'cod') {
    try {
      return await predictInParallel(study, target, applySettings(DEFAULT_PARAMS, settings));
    } finally {
      await closeWorkers();
    }
  }
  const { runBaselines, BASELINE_METHODS } = await import('../core/methods/baselines/index.ts');
  if (!BASELINE_METHODS.includes(method)) {
    throw new Error(`unknown method "${method}"; known: cod, ${BASELINE_METHODS.join(', ')}`);
  }
  return runBaselines(study, target, [method])[0];
}

function clusterRows(b: BenchmarkPrediction) {
  return (b.cod?.clusters ?? []).map((k) => ({
    id: k.id,
    size: k.size,
    class: k.cls,
    params: k.fit ? Object.fromEntries(k.fit.paramNames.map((n, i) => [n, k.fit!.params[i]])) : null,
    predicted: Number.isFinite(k.predicted) ? k.predicted : null,
  }));
}

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`);

export async function run(args: ParsedArgs): Promise<number> {
  const loaded = await loadStudy(args, USAGE);
  if (!loaded) return 1;
  let result: PredictResult;
  try {
    const target = resolveTarget(loaded.study, args.flags.target, args.flags['target-flops']);
    const method = typeof args.flags.method === 'string' ? args.flags.method : 'cod';
    result = await runMethod(loaded.study, target, method, settingsOf(args));
  } catch (e) {
    process.stderr.write(`scalecast predict: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const benchmarks = result.benchmarks.map((b) => ({
    benchmark: b.benchmark,
    predicted: b.predicted,
    low: b.low,
    high: b.high,
    actual: b.actual,
    error: b.error,
    status: b.status,
    subsetRatio: b.cod?.subsetRatio ?? null,
    clusters: clusterRows(b),
    warnings: b.warnings,
  }));
  if (args.flags.json) {
    const out = {
      target: result.target.name,
      targetFlops: result.target.flops,
      method: result.method,
      benchmarks,
    };
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const lines = [
    `${result.method} prediction for ${result.target.name} (${result.target.flops.toExponential(2)} FLOPs)`,
  ];
  for (const b of benchmarks) {
    const extrap = b.clusters.filter((k) => k.class === 'extrapolatable').length;
    lines.push(
      `  ${b.benchmark}: ${pct(b.predicted)} [${pct(b.low)}, ${pct(b.high)}]` +
        (b.actual !== null ? `  actual ${pct(b.actual)}, error ${b.error?.toFixed(2)} pts` : '') +
        (b.subsetRatio !== null
          ? `  subset ${pct(b.subsetRatio)}, ${extrap}/${b.clusters.length} clusters kept`
          : '') +
        (b.status !== 'ok' ? `  (${b.status})` : ''),
    );
    for (const w of b.warnings) lines.push(`    ! ${w}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
