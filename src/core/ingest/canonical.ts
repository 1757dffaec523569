/** The project's own CSV study format (FORMATS §1): <name>.models.csv, <name>.scores.csv, <name>.metrics.csv. */
import { parseQuantity } from '../compute/compute.ts';
import {
  ROLES,
  ScoreCollector,
  StudyError,
  emptyStudy,
  sixND,
  type ModelInfo,
  type Role,
} from '../study/study.ts';
import { readCsv, type CsvRecord } from './csv.ts';
import type { ImportContext, InputFile, Part } from './types.ts';

export type CanonicalKind = 'models' | 'scores' | 'metrics';

/** Which canonical file a path is, and its study name ("data/x.scores.csv" → {name: "data/x", kind: "scores"}). */
export function canonicalKind(path: string): { name: string; kind: CanonicalKind } | undefined {
  const m = /^(.*)\.(models|scores|metrics)\.csv$/i.exec(path);
  return m ? { name: m[1], kind: m[2].toLowerCase() as CanonicalKind } : undefined;
}

const REQUIRED: Record<CanonicalKind, string[]> = {
  models: ['model'],
  scores: ['model', 'benchmark', 'question', 'score'],
  metrics: ['model', 'benchmark', 'value'],
};
const KNOWN: Record<CanonicalKind, string[]> = {
  models: ['model', 'params', 'tokens', 'flops', 'role', 'loss'],
  scores: ['model', 'benchmark', 'question', 'score', 'trials'],
  metrics: ['model', 'benchmark', 'value', 'name'],
};

async function* records(file: InputFile, ctx: ImportContext, kind: CanonicalKind, warnings: string[]) {
  let header: string[] | undefined;
  let col: Record<string, number> = {};
  for await (const rec of readCsv(file.stream(), {
    file: file.path,
    onBytes: (n) => ctx.progress(n),
    signal: ctx.options.signal,
  })) {
    if (!header) {
      header = rec.fields.map((h) => h.trim());
      col = Object.fromEntries(header.map((h, i) => [h.toLowerCase(), i]));
      const missing = REQUIRED[kind].filter((h) => col[h] === undefined);
      if (missing.length) {
        throw new StudyError(
          `header must have the columns ${KNOWN[kind].join(',')} (missing: ${missing.join(', ')}; found: ${header.join(',')})`,
          file.path,
          rec.line,
        );
      }
      const extra = header.filter(
        (h) => !KNOWN[kind].includes(h.toLowerCase()) && !/^loss:/i.test(h) && h !== '',
      );
      const ignored = kind === 'models' ? extra : [...extra, ...header.filter((h) => /^loss:/i.test(h))];
      if (ignored.length) warnings.push(`${file.path}: ignored extra column(s) ${ignored.join(', ')}`);
      continue;
    }
    yield {
      rec,
      get: (name: string) => (col[name] === undefined ? '' : (rec.fields[col[name]] ?? '').trim()),
      header,
    };
  }
  if (!header) throw new StudyError('empty file: expected a header row', file.path);
}

function num(rec: CsvRecord, file: string, field: string, text: string): number | undefined {
  if (text === '') return undefined;
  let v = Number(text);
  if (Number.isNaN(v)) {
    try {
      v = parseQuantity(text);
    } catch {
      throw new StudyError(`expected a number, got "${text}"`, file, rec.line, field);
    }
  }
  if (!Number.isFinite(v) || v < 0)
    throw new StudyError(`expected a non-negative number, got "${text}"`, file, rec.line, field);
  return v;
}

/** Reads `<name>.models.csv`: one ModelInfo per row (flops empty → 6·params·tokens, role empty → ladder). */
export async function importModels(file: InputFile, ctx: ImportContext): Promise<Part> {
  const warnings: string[] = [];
  const models: ModelInfo[] = [];
  const seen = new Map<string, number>();
  for await (const { rec, get, header } of records(file, ctx, 'models', warnings)) {
    const name = get('model');
    if (!name) throw new StudyError('empty model name', file.path, rec.line, 'model');
    if (seen.has(name)) {
      throw new StudyError(
        `model "${name}" is listed twice (first on line ${seen.get(name)})`,
        file.path,
        rec.line,
      );
    }
    seen.set(name, rec.line);
    const params = num(rec, file.path, 'params', get('params'));
    const tokens = num(rec, file.path, 'tokens', get('tokens'));
    const given = num(rec, file.path, 'flops', get('flops'));
    const derived = given === undefined ? sixND(params, tokens) : undefined;
    const roleText = get('role').toLowerCase() || 'ladder';
    if (!ROLES.includes(roleText as Role)) {
      throw new StudyError(
        `unknown role "${roleText}": expected one of ${ROLES.join(', ')}`,
        file.path,
        rec.line,
        'role',
      );
    }
    const m: ModelInfo = {
      name,
      params,
      tokens,
      flops: given ?? derived,
      computeSource: given !== undefined ? 'file' : derived !== undefined ? '6ND' : 'none',
      role: roleText as Role,
    };
    const loss = num(rec, file.path, 'loss', get('loss'));
    if (loss !== undefined) m.loss = loss;
    for (const h of header) {
      const d = /^loss:(.+)$/i.exec(h);
      if (!d) continue;
      const v = num(rec, file.path, h, get(h.toLowerCase()));
      if (v !== undefined) (m.domainLosses ??= {})[d[1]] = v;
    }
    models.push(m);
  }
  return { study: { ...emptyStudy(), models }, rows: models.length, warnings };
}

/** A model named in a scores or metrics row must be in the models file, when there is one; else it is created. */
function noteModel(
  model: string,
  known: Set<string> | undefined,
  created: Set<string>,
  path: string,
  line: number,
) {
  if (!known) created.add(model);
  else if (!known.has(model)) {
    throw new StudyError(`unknown model "${model}": it is not in the models file`, path, line, 'model');
  }
}

/**
 * Reads `<name>.scores.csv`. `known` (the names of the matching models.csv) makes an unlisted model an error;
 * without it, models are created with unknown compute and a warning.
 */
export async function importScores(file: InputFile, ctx: ImportContext, known?: Set<string>): Promise<Part> {
  const warnings: string[] = [];
  const collector = new ScoreCollector();
  const created = new Set<string>();
  for await (const { rec, get } of records(file, ctx, 'scores', warnings)) {
    const model = get('model');
    const benchmark = get('benchmark');
    const question = get('question');
    if (!model || !benchmark || !question) {
      const field = !model ? 'model' : !benchmark ? 'benchmark' : 'question';
      throw new StudyError('empty value', file.path, rec.line, field);
    }
    noteModel(model, known, created, file.path, rec.line);
    const text = get('score');
    const score = Number(text);
    if (text === '' || Number.isNaN(score)) {
      throw new StudyError(`expected a number in [0,1], got "${text}"`, file.path, rec.line, 'score');
    }
    if (!(score >= 0 && score <= 1)) {
      throw new StudyError(
        `score ${text} is outside [0,1] (pass rates, not percentages)`,
        file.path,
        rec.line,
        'score',
      );
    }
    const tText = get('trials');
    const trials = tText === '' ? 1 : Number(tText);
    if (!Number.isInteger(trials) || trials < 1) {
      throw new StudyError(`expected a positive integer, got "${tText}"`, file.path, rec.line, 'trials');
    }
    collector.add({ model, benchmark, question, score, trials }, `${file.path} line ${rec.line}`);
  }
  const study = emptyStudy();
  study.benchmarks = collector.build();
  study.models = [...created].map((name) => ({ name, computeSource: 'none', role: 'ladder' }));
  if (created.size)
    warnings.push(`${file.path}: no models file beside it, so ${created.size} model(s) have no compute yet`);
  return { study, rows: collector.size, warnings };
}

/** Reads `<name>.metrics.csv`: full-set metrics in [0,1]. */
export async function importMetrics(file: InputFile, ctx: ImportContext, known?: Set<string>): Promise<Part> {
  const warnings: string[] = [];
  const study = emptyStudy();
  const seen = new Map<string, number>();
  const created = new Set<string>();
  for await (const { rec, get } of records(file, ctx, 'metrics', warnings)) {
    const model = get('model');
    const benchmark = get('benchmark');
    if (!model || !benchmark)
      throw new StudyError('empty value', file.path, rec.line, !model ? 'model' : 'benchmark');
    noteModel(model, known, created, file.path, rec.line);
    const key = `${model}\u0000${benchmark}`;
    if (seen.has(key)) {
      throw new StudyError(
        `duplicate metric for "${model}" on "${benchmark}" (first on line ${seen.get(key)})`,
        file.path,
        rec.line,
      );
    }
    seen.set(key, rec.line);
    const text = get('value');
    const value = Number(text);
    if (text === '' || !(value >= 0 && value <= 1)) {
      throw new StudyError(`expected a number in [0,1], got "${text}"`, file.path, rec.line, 'value');
    }
    study.metrics.push({ model, benchmark, value, ...(get('name') ? { name: get('name') } : {}) });
  }
  study.models = [...created].map((name) => ({ name, computeSource: 'none', role: 'ladder' }));
  return { study, rows: study.metrics.length, warnings };
}
