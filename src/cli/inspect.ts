/** `scalecast inspect <file|dir>... [--json] [--filter f] [--metric m]`: what the app would import. */
import { importFiles, type FileReport } from '../core/ingest/index.ts';
import { withMetricBenchmarks, type Study } from '../core/study/study.ts';
import { nodeInputFiles } from '../node/files.ts';
import { JSON_FLAG, UsageError, type CommandSpec, type ParsedArgs } from './args.ts';
import { INPUT_FLAGS, lmEvalOptions } from './load.ts';

export const spec: CommandSpec = {
  name: 'inspect',
  summary: 'read files or folders and print the study: models, compute, benchmarks, skipped files, warnings',
  usage: '<file|folder>... [flags]',
  flags: [...INPUT_FLAGS, JSON_FLAG],
  notes: [
    'notes say where a compute came from (the registry); warnings are problems in the data; every file not',
    'imported is listed under skipped with its reason. Exit 1 when a file could not be read.',
  ],
};

export interface InspectSummary {
  models: {
    model: string;
    params: number | null;
    tokens: number | null;
    flops: number | null;
    role: string;
    computeSource: string;
  }[];
  /** Per benchmark: questions with per-question results (0 when known only from full-set metrics). */
  benchmarks: {
    benchmark: string;
    questions: number;
    models: number;
    metrics: { model: string; value: number; name?: string }[];
  }[];
  /** Files not imported, each with its reason (not a data file, unknown format, unreadable). */
  skipped: { path: string; reason: string }[];
  /** Where values came from (compute filled from the registry). */
  notes: string[];
  warnings: string[];
}

/** Text order of names with their numbers compared as numbers: step13000 before step103000, 1.4b before 12b. */
export const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' }).compare;

const isRegistryNote = (w: string) => /^model ".*": compute .* from the registry \(/.test(w);

function skippedOf(files: FileReport[]): { path: string; reason: string }[] {
  const out: { path: string; reason: string }[] = [];
  for (const f of files) {
    if (f.error) out.push({ path: f.path, reason: f.error.replace(`${f.path}: `, '') });
    else if (f.format === 'ignored') out.push({ path: f.path, reason: 'not a data file' });
  }
  return out;
}

/** The study as plain rows (numbers or null), the shape printed by --json; models in natural name order. */
export function summarise(study: Study, warnings: string[], files: FileReport[] = []): InspectSummary {
  const all = withMetricBenchmarks(study);
  const ignoredNotes = new Set(files.filter((f) => f.format === 'ignored').flatMap((f) => f.warnings));
  return {
    models: [...study.models]
      .sort((a, b) => naturalOrder(a.name, b.name))
      .map((m) => ({
        model: m.name,
        params: m.params ?? null,
        tokens: m.tokens ?? null,
        flops: m.flops ?? null,
        role: m.role,
        computeSource: m.computeSource ?? 'none',
      })),
    benchmarks: all.benchmarks.map((b) => ({
      benchmark: b.name,
      questions: b.questions.length,
      models: b.models.length,
      metrics: study.metrics
        .filter((x) => x.benchmark === b.name)
        .sort((x, y) => naturalOrder(x.model, y.model))
        .map((x) => ({ model: x.model, value: x.value, ...(x.name ? { name: x.name } : {}) })),
    })),
    skipped: skippedOf(files),
    notes: warnings.filter(isRegistryNote),
    warnings: warnings.filter((w) => !isRegistryNote(w) && !ignoredNotes.has(w)),
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
  if (!args.positional.length) throw new UsageError('give at least one file or folder to read');
  const files = await nodeInputFiles(args.positional);
  const result = await importFiles(files, { lmEval: lmEvalOptions(args) });
  const failed = result.files.filter((f) => f.error);
  for (const f of failed) process.stderr.write(`error: ${f.error}\n`);
  const warnings = [...new Set([...result.files.flatMap((f) => f.warnings), ...result.warnings])];
  const summary = summarise(result.study, warnings, result.files);
  if (args.flags.json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
    return failed.length ? 1 : 0;
  }
  const metricOnly = summary.benchmarks.filter((b) => b.questions === 0).length;
  const out = [
    `${files.length} file(s) read, ${files.length - summary.skipped.length} imported, ${summary.skipped.length} skipped`,
    '',
    `${summary.models.length} model(s)`,
    ...table(
      ['model', 'params', 'tokens', 'FLOPs', 'role'],
      summary.models.map((m) => [m.model, fmt(m.params), fmt(m.tokens), fmt(m.flops), m.role]),
    ),
    '',
    `${summary.benchmarks.length} benchmark(s)` +
      (metricOnly ? `, ${metricOnly} known only from full-set metrics` : ''),
    ...table(
      ['benchmark', 'questions', 'models', 'full-set metrics'],
      summary.benchmarks.map((b) => [
        b.benchmark,
        String(b.questions),
        String(b.models),
        String(b.metrics.length),
      ]),
    ),
  ];
  if (summary.skipped.length)
    out.push(
      '',
      `${summary.skipped.length} file(s) skipped`,
      ...summary.skipped.map((s) => `  - ${s.path}: ${s.reason}`),
    );
  if (summary.notes.length)
    out.push('', `${summary.notes.length} note(s)`, ...summary.notes.map((w) => `  - ${w}`));
  if (summary.warnings.length)
    out.push('', `${summary.warnings.length} warning(s)`, ...summary.warnings.map((w) => `  - ${w}`));
  process.stdout.write(out.join('\n') + '\n');
  return failed.length ? 1 : 0;
}
