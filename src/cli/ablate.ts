/** `scalecast ablate <file|dir>... [--target t] [--set key=value]... [--json]`: the paper's Tables 3 and 4. */
import {
  ablationSummary,
  clusteringAblation,
  lawAblation,
  type AblationRow,
} from '../core/evaluate/ablation.ts';
import { defaultBacktestTargets, backtestStudy } from '../core/evaluate/backtest.ts';
import { applySettings, DEFAULT_PARAMS } from '../core/study/params.ts';
import { JSON_FLAG, SET_FLAG, UsageError, type CommandSpec, type ParsedArgs } from './args.ts';
import { fmtPoints, loadStudy, markdownTable } from './backtest.ts';

export const spec: CommandSpec = {
  name: 'ablate',
  summary: 'compare clustering algorithms and law variants on a held-back model (the paper’s Tables 3 and 4)',
  usage: '<file|folder>... [flags]',
  flags: [
    {
      name: 'target',
      kind: 'value',
      arg: 'model',
      help: 'the model to hold back (default: the first target-role model, else the largest)',
    },
    SET_FLAG,
    JSON_FLAG,
  ],
};

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');

/** Table 3 (clustering) or Table 4 (law) in markdown: per benchmark and variant, then mean/max rows. */
export function ablationTable(rows: AblationRow[], kind: 'clustering' | 'law'): string[] {
  const head =
    kind === 'clustering'
      ? ['benchmark', 'clustering', 'IAD', 'outliers', 'subset share', 'subset error', 'final error']
      : ['benchmark', 'law', 'subset error', 'subset share', 'final error'];
  const body = rows.map((r) =>
    kind === 'clustering'
      ? [
          r.benchmark,
          r.variant,
          Number.isFinite(r.intraClusterDistance) ? r.intraClusterDistance.toFixed(3) : '—',
          pct(r.outlierRate),
          pct(r.subsetRatio),
          fmtPoints(r.subsetError),
          fmtPoints(r.finalError) + (r.status === 'ok' ? '' : ` (${r.status})`),
        ]
      : [
          r.benchmark,
          r.variant,
          fmtPoints(r.subsetError),
          pct(r.subsetRatio),
          fmtPoints(r.finalError) + (r.status === 'ok' ? '' : ` (${r.status})`),
        ],
  );
  const summary = ablationSummary(rows).map((s) => [
    s.variant,
    fmtPoints(s.meanEE),
    fmtPoints(s.maxEE),
    fmtPoints(s.meanFE),
    fmtPoints(s.maxFE),
  ]);
  return [
    ...markdownTable(head, body),
    '',
    ...markdownTable(
      [kind, 'mean subset error', 'max subset error', 'mean final error', 'max final error'],
      summary,
    ),
  ];
}

export async function run(args: ParsedArgs): Promise<number> {
  if (!args.positional.length) throw new UsageError('give at least one file or folder to read');
  const params = applySettings(
    DEFAULT_PARAMS,
    Object.entries(args.set).map(([k, v]) => `${k}=${v}`),
  );
  const study = await loadStudy(args.positional);
  if (!study) {
    process.stderr.write('scalecast ablate: no benchmark results found in the input\n');
    return 1;
  }
  if (!study.benchmarks.some((b) => b.questions.length)) {
    process.stderr.write(
      'scalecast ablate: the input has full-set scores only; the ablations cluster per-question results\n',
    );
    return 1;
  }
  const name = typeof args.flags.target === 'string' ? args.flags.target : defaultBacktestTargets(study)[0];
  const model = study.models.find((m) => m.name === name);
  if (!model?.flops) throw new Error(`target "${name}" is not a model of the study with a known compute`);
  const sub = backtestStudy(study, name);
  const target = { name, flops: model.flops };
  const clustering = clusteringAblation(sub, target, params);
  const law = lawAblation(sub, target, params);
  if (args.flags.json) {
    const clean = (rows: AblationRow[]) =>
      rows.map((r) => ({
        ...r,
        intraClusterDistance: Number.isFinite(r.intraClusterDistance) ? r.intraClusterDistance : null,
      }));
    process.stdout.write(
      JSON.stringify({
        target: name,
        clustering: clean(clustering),
        law: clean(law),
        summary: { clustering: ablationSummary(clustering), law: ablationSummary(law) },
      }) + '\n',
    );
  } else {
    process.stdout.write(
      [
        `### Clustering ablation (target ${name})`,
        '',
        ...ablationTable(clustering, 'clustering'),
        '',
        `### Law ablation (target ${name})`,
        '',
        ...ablationTable(law, 'law'),
      ].join('\n') + '\n',
    );
  }
  return 0;
}
