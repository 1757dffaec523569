/** `scalecast inspect <file|dir>... [--json] [--filter f] [--metric m]`: what the app would import. */
import { importFiles } from '../core/ingest/index.ts';
import type { Study } from '../core/study/study.ts';
import { nodeInputFiles } from '../node/files.ts';
import type { ParsedArgs } from './args.ts';

export interface InspectSummary {
  models: {
    model: string;
    params: number | null;
    tokens: number | null;
    flops: number | null;
    role: string;
  }[];
  benchmarks: { benchmark: string; questions: number; models: number }[];
  warnings: string[];
}

/** The study as plain rows (numbers or null), the shape printed by --json. */
export function summarise(study: Study, warnings: string[]): InspectSummary {
  return {
    models: study.models.map((m) => ({
      model: m.name,
      params: m.params ?? null,
      tokens: m.tokens ?? null,
      flops: m.flops ?? null,
      role: m.role,
    })),
    benchmarks: study.benchmarks.map((b) => ({
      benchmark: b.name,
      questions: b.questions.length,
      models: b.models.length,
    })),
    warnings,
  };
}

const fmt = (v: number | null) =>
  v === null
    ? '—'
    : v
        .toPrecision(3)
        .replace(/\.?0+e/, 'e')
        .replace('e+', 'e');

function table(head: string[], rows: string[][]): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)];
}

export async function run(args: ParsedArgs): Promise<number> {
  if (!args.positional.length) {
    process.stderr.write(
      'usage: scalecast inspect <file|folder>... [--json] [--filter name] [--metric name]\n',
    );
    return 2;
  }
  const files = await nodeInputFiles(args.positional);
  const lmEval: { filter?: string; metric?: string } = {};
  if (typeof args.flags.filter === 'string') lmEval.filter = args.flags.filter;
  if (typeof args.flags.metric === 'string') lmEval.metric = args.flags.metric;
  const result = await importFiles(files, { lmEval });
  const failed = result.files.filter((f) => f.error);
  for (const f of failed) process.stderr.write(`error: ${f.error}\n`);
  const warnings = [...result.files.flatMap((f) => f.warnings), ...result.warnings];
  const summary = summarise(result.study, warnings);
  if (args.flags.json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
  } else {
    const out = [
      `${summary.models.length} model(s)`,
      ...table(
        ['model', 'params', 'tokens', 'FLOPs', 'role'],
        summary.models.map((m) => [m.model, fmt(m.params), fmt(m.tokens), fmt(m.flops), m.role]),
      ),
      '',
      `${summary.benchmarks.length} benchmark(s)`,
      ...table(
        ['benchmark', 'questions', 'models'],
        summary.benchmarks.map((b) => [b.benchmark, String(b.questions), String(b.models)]),
      ),
    ];
    if (result.study.metrics.length) out.push('', `${result.study.metrics.length} full-set metric(s)`);
    if (warnings.length) out.push('', `${warnings.length} warning(s)`, ...warnings.map((w) => `  - ${w}`));
    process.stdout.write(out.join('\n') + '\n');
  }
  return failed.length ? 1 : 0;
}
