/** `scalecast predict <file|dir>... --target <model> [--target-flops F] [--method cod] [--set k=v]... [--json]` */
import { METHOD_IDS, methodInfo } from '../core/methods/catalogue.ts';
import { resolveTarget as resolveStudyTarget, TargetError } from '../core/study/target.ts';
import { applySettings } from '../core/study/params.ts';
import { DEFAULT_PARAMS } from '../core/pipeline/predict.ts';
import { closeWorkers, predictInParallel } from '../node/parallel.ts';
import type { Study } from '../core/study/study.ts';
import type { PredictResult, TargetSpec } from '../core/study/types.ts';
// The JSON contract lives in src/share/predictions.ts, shared with the page's export.
import { predictionJson } from '../share/predictions.ts';
import { JSON_FLAG, SET_FLAG, UsageError, type CommandSpec, type ParsedArgs } from './args.ts';
import { FORMATS_NOTE, INPUT_FLAGS, loadStudy, settingsOf, targetFlags } from './load.ts';
import { COMPUTE_NOTATIONS, parseComputeFlag } from './numeric.ts';

export const spec: CommandSpec = {
  name: 'predict',
  summary: 'predict a target model’s benchmark scores from a ladder of smaller models',
  usage: '<file|folder>... --target <model> [flags]',
  flags: [
    ...targetFlags(true),
    {
      name: 'method',
      kind: 'value',
      arg: 'name',
      help: `default (candidates weighted by the ladder’s self-backtest; the default) or another method: ${METHOD_IDS.join(', ')}`,
    },
    SET_FLAG,
    ...INPUT_FLAGS,
    JSON_FLAG,
  ],
  notes: [
    FORMATS_NOTE,
    COMPUTE_NOTATIONS,
    'A refused benchmark prints no number: predicted is null and the reason is given.',
  ],
};

/** The target from --target (a study model or a new name) and --target-flops (the page's planned-run notations). */
export function resolveTarget(study: Study, name: unknown, flopsText: unknown): TargetSpec {
  if (typeof name !== 'string' || !name) throw new UsageError('--target <model> is required');
  const flops = typeof flopsText === 'string' ? parseComputeFlag('target-flops', flopsText) : undefined;
  try {
    return resolveStudyTarget(study, name, flops);
  } catch (e) {
    if (!(e instanceof TargetError)) throw e;
    const hint = e.reason === 'unknown' ? 'give its compute' : 'give it';
    throw new Error(`${e.message}; ${hint} with --target-flops`, { cause: e });
  }
}

async function runMethod(
  study: Study,
  target: TargetSpec,
  id: string,
  settings: string[],
): Promise<PredictResult> {
  if (!methodInfo(id)) throw new UsageError(`unknown method "${id}"; known: ${METHOD_IDS.join(', ')}`);
  const { asMethod, getMethod } = await import('../core/methods/index.ts');
  const method = getMethod(id);
  const base = applySettings(DEFAULT_PARAMS, settings);
  if (id === 'default') {
    // The registry's runner for `default`, with its runs over the worker threads (same result).
    const { predictDefaultInParallel } = await import('../node/default-parallel.ts');
    try {
      return await predictDefaultInParallel(study, target, { params: base });
    } finally {
      await closeWorkers();
    }
  }
  if (!method.variant) return method.run(study, target, base);
  try {
    const params = method.variant(base);
    return asMethod(await predictInParallel(study, target, params), id);
  } finally {
    await closeWorkers();
  }
}

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`);

export async function run(args: ParsedArgs): Promise<number> {
  const target0 = args.flags.target;
  if (typeof target0 !== 'string') throw new UsageError('--target <model> is required');
  const loaded = await loadStudy(args);
  if (!loaded) return 1;
  const target = resolveTarget(loaded.study, target0, args.flags['target-flops']);
  const method = typeof args.flags.method === 'string' ? args.flags.method : 'default';
  const result = await runMethod(loaded.study, target, method, settingsOf(args));
  const out = predictionJson(result);
  const benchmarks = out.benchmarks;
  const predicted = out.status === 'ok';
  const code = predicted ? 0 : 1;
  if (args.flags.json) {
    process.stdout.write(JSON.stringify(out) + '\n');
    if (!predicted) process.stderr.write('scalecast predict: no benchmark could be predicted\n');
    return code;
  }
  const lines = [
    `${result.method} prediction for ${result.target.name} (${result.target.flops.toExponential(2)} FLOPs)`,
  ];
  for (const b of benchmarks) {
    if (b.status === 'refused') {
      lines.push(
        `  ${b.benchmark}: refused: ${b.reason}` +
          (b.fallback ? `  (end-to-end fit instead: ${pct(b.fallback.predicted)})` : '') +
          (b.actual !== null ? `  actual ${pct(b.actual)}` : ''),
      );
      for (const w of b.warnings.slice(1)) lines.push(`    ! ${w}`);
      continue;
    }
    const extrap = b.clusters.filter((k) => k.class === 'extrapolatable').length;
    lines.push(
      `  ${b.benchmark}: ${pct(b.predicted)} [${pct(b.low)}, ${pct(b.high)}]` +
        (b.actual !== null ? `  actual ${pct(b.actual)}, error ${b.error?.toFixed(2)} pts` : '') +
        (b.subsetRatio !== null
          ? `  subset ${pct(b.subsetRatio)}, ${extrap}/${b.clusters.length} clusters kept`
          : '') +
        (b.status !== 'ok' ? `  (${b.status})` : ''),
    );
    if (b.explanation) {
      const used = b.explanation.candidates.filter((c) => c.weight > 0);
      lines.push(
        `    candidates: ${used.map((c) => `${c.method} ${(c.weight * 100).toFixed(0)}%`).join(', ')} — ${b.explanation.rule}`,
      );
      lines.push(
        `    self-backtest errors (pts): ${b.explanation.candidates.map((c) => `${c.method} ${c.selfError === null ? '—' : c.selfError.toFixed(2)}`).join(', ')}`,
      );
    }
    for (const w of b.warnings) lines.push(`    ! ${w}`);
  }
  if (!predicted) lines.push('no benchmark could be predicted');
  process.stdout.write(lines.join('\n') + '\n');
  return code;
}
