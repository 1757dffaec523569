/**
 * `scalecast backtest <file|dir>... [--targets a,b] [--methods m1,m2] [--anchors a,b] [--cuts 3,10,30,100]
 * [--set key=value]... [--json]`: hold back each target, fit on the models with less compute, report the errors.
 */
import {
  ALL_METHODS,
  backtest,
  defaultBacktestTargets,
  type BacktestResult,
  type BacktestTarget,
  type SummaryRow,
} from '../core/evaluate/backtest.ts';
import { applySettings } from '../core/study/params.ts';
import { DEFAULT_PARAMS } from '../core/study/params.ts';
import type { Study } from '../core/study/study.ts';
import { INPUT_FLAGS, lmEvalOptions, readStudy } from './load.ts';
import type { ImportOptions } from '../core/ingest/index.ts';
import { JSON_FLAG, listOf, SET_FLAG, UsageError, type CommandSpec, type ParsedArgs } from './args.ts';

export const spec: CommandSpec = {
  name: 'backtest',
  summary: 'hold back known models, predict them from the smaller ones and measure the error',
  usage: '<file|folder>... [flags]',
  flags: [
    {
      name: 'targets',
      kind: 'list',
      arg: 'a,b',
      help: 'models to hold back (default: every target-role model, else the largest)',
    },
    { name: 'methods', kind: 'list', arg: 'm1,m2', help: `methods to compare: ${ALL_METHODS.join(', ')}` },
    {
      name: 'anchors',
      kind: 'list',
      arg: 'a,b',
      help: 'models given the anchor role (for the mapping step)',
    },
    {
      name: 'cuts',
      kind: 'list',
      arg: '3,10,…',
      help: 'extrapolation ratios: also cut the ladder at 1/r of the target compute',
    },
    ...INPUT_FLAGS,
    SET_FLAG,
    JSON_FLAG,
  ],
};

/** The study of files and folders, keeping the files that import (readStudy, lenient); null without a benchmark. */
export async function loadStudy(paths: string[], lmEval?: ImportOptions['lmEval']): Promise<Study | null> {
  return (await readStudy(paths, { lmEval }))?.study ?? null;
}

/** A comma-separated flag as a list ([] when absent). */
export function listFlag(args: ParsedArgs, name: string): string[] {
  return listOf(args, name);
}

/** The study with the named models given role 'anchor'; throws on an unknown name. */
export function withAnchors(study: Study, anchors: string[]): Study {
  for (const a of anchors)
    if (!study.models.some((m) => m.name === a)) throw new Error(`unknown anchor model "${a}"`);
  return {
    ...study,
    models: study.models.map((m) => (anchors.includes(m.name) ? { ...m, role: 'anchor' } : m)),
  };
}

export function markdownTable(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

export const fmtPoints = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2);

/**
 * The paper's Table 1 layout for one target: a row per method with mean and max error (points) and the error per
 * benchmark; a method that could not run on a benchmark shows "n/a" and its reason is listed below the table.
 */
export function table1(t: BacktestTarget, summary: SummaryRow[]): string[] {
  if (t.skipped) return [`${t.target}: ${t.skipped}`];
  const benches = [...new Set(t.rows.map((r) => r.benchmark))];
  const methods = [...new Set(t.rows.map((r) => r.method))];
  const reasons = new Map<string, string[]>();
  const rows = methods.map((m) => {
    const s = summary.find((x) => x.method === m);
    const cells = benches.map((b) => {
      const r = t.rows.find((x) => x.method === m && x.benchmark === b);
      if (!r || r.predicted === null) {
        if (r) reasons.set(`${m}: ${r.note}`, [...(reasons.get(`${m}: ${r.note}`) ?? []), b]);
        return 'n/a';
      }
      return r.error === null ? `${fmtPoints(r.predicted * 100)}% (no actual)` : fmtPoints(r.error);
    });
    return [m, fmtPoints(s?.mean), fmtPoints(s?.max), ...cells];
  });
  const uniq = [...reasons].map(([r, bs]) => (bs.length === benches.length ? r : `${r} (${bs.join(', ')})`));
  return [
    ...markdownTable(['method', 'mean', 'max', ...benches], rows),
    ...(uniq.length ? ['', ...uniq.map((r) => `- ${r}`)] : []),
  ];
}

/** Human-readable report of a backtest (markdown). */
export function formatBacktest(r: BacktestResult): string[] {
  const out: string[] = [];
  for (const t of r.targets) {
    out.push(
      `### ${t.target}`,
      '',
      t.skipped
        ? t.skipped
        : `ladder: ${t.ladder.length} models, extrapolating ${t.distance.toFixed(1)}× beyond the largest. Absolute error in points:`,
      '',
    );
    if (!t.skipped) {
      const per = r.summary.length && r.targets.length === 1 ? r.summary : summariseTarget(t);
      out.push(...table1(t, per), '');
    }
  }
  out.push(
    '### Summary over all targets',
    '',
    ...markdownTable(
      ['method', 'mean', 'max', 'n', 'interval coverage'],
      r.summary.map((s) => [s.method, fmtPoints(s.mean), fmtPoints(s.max), String(s.n), coverage(s)]),
    ),
  );
  if (r.curve.length) {
    const methods = r.summary.map((s) => s.method);
    out.push(
      '',
      '### Extrapolation distance (mean error in points; ladder cut at 1/r of the target compute)',
      '',
      ...markdownTable(
        ['target', 'r', 'distance', 'ladder', ...methods],
        r.curve.map((c) => [
          c.target,
          String(c.cut),
          Number.isFinite(c.distance) ? `${c.distance.toFixed(1)}×` : '—',
          String(c.ladderSize),
          ...methods.map((m) =>
            c.skipped ? 'too few' : fmtPoints(c.summary.find((s) => s.method === m)?.mean),
          ),
        ]),
      ),
    );
  }
  return out;
}

function coverage(s: SummaryRow): string {
  return Number.isFinite(s.coverage) ? `${(s.coverage * 100).toFixed(0)}%` : '—';
}

function summariseTarget(t: BacktestTarget): SummaryRow[] {
  const methods = [...new Set(t.rows.map((r) => r.method))];
  return methods.map((method) => {
    const e = t.rows.filter((r) => r.method === method && r.error !== null).map((r) => r.error as number);
    return {
      method,
      mean: e.length ? e.reduce((a, b) => a + b, 0) / e.length : NaN,
      max: e.length ? Math.max(...e) : NaN,
      n: e.length,
      coverage: NaN,
    };
  });
}

/** The --json shape: one object, errors and scores in points. */
export function backtestJson(r: BacktestResult): unknown {
  const num = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    targets: r.targets.map((t) => ({
      target: t.target,
      flops: num(t.flops),
      ladder: t.ladder,
      distance: num(t.distance),
      ...(t.skipped ? { skipped: t.skipped } : {}),
      rows: t.rows,
    })),
    summary: r.summary.map((s) => ({
      method: s.method,
      mean: num(s.mean),
      max: num(s.max),
      n: s.n,
      coverage: num(s.coverage),
    })),
    curve: r.curve.map((c) => ({
      target: c.target,
      cut: c.cut,
      distance: num(c.distance),
      ladderSize: c.ladderSize,
      ...(c.skipped ? { skipped: c.skipped } : {}),
      summary: c.summary.map((s) => ({ method: s.method, mean: num(s.mean), max: num(s.max), n: s.n })),
    })),
  };
}

export async function run(args: ParsedArgs): Promise<number> {
  if (!args.positional.length) throw new UsageError('give at least one file or folder to read');
  const params = applySettings(
    DEFAULT_PARAMS,
    Object.entries(args.set).map(([k, v]) => `${k}=${v}`),
  );
  const cuts = args.lists.cuts?.map(Number);
  if (cuts?.some((c) => !(c > 1))) throw new UsageError('--cuts takes ratios above 1, e.g. 3,10,30,100');
  const methods = listFlag(args, 'methods');
  const unknown = methods.filter((m) => !ALL_METHODS.includes(m));
  if (unknown.length) {
    throw new UsageError(`unknown method(s) ${unknown.join(', ')}; known: ${ALL_METHODS.join(', ')}`);
  }
  const loaded = await loadStudy(args.positional, lmEvalOptions(args));
  if (!loaded) {
    process.stderr.write('scalecast backtest: no benchmark results found in the input\n');
    return 1;
  }
  const study = withAnchors(loaded, listFlag(args, 'anchors'));
  const given = listFlag(args, 'targets');
  const targets = given.length ? given : defaultBacktestTargets(study);
  if (!targets.length) {
    process.stderr.write('scalecast backtest: no model with a training compute to hold back\n');
    return 1;
  }
  if (!given.length) {
    process.stderr.write(
      `scalecast backtest: holding back ${targets.join(', ')} (${
        study.models.some((m) => m.role === 'target') ? 'the target-role models' : 'the largest model'
      }); choose with --targets\n`,
    );
  }
  const result = backtest(study, {
    targets,
    methods: methods.length ? methods : undefined,
    params,
    cuts,
  });
  if (args.flags.json) process.stdout.write(JSON.stringify(backtestJson(result)) + '\n');
  else process.stdout.write(formatBacktest(result).join('\n') + '\n');
  for (const t of result.targets)
    if (t.skipped) process.stderr.write(`scalecast backtest: ${t.target}: ${t.skipped}\n`);
  return result.targets.every((t) => t.skipped) ? 1 : 0;
}
