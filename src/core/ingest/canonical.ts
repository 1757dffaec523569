/** The project's own CSV study format (FORMATS §1): <name>.models.csv, <name>.scores.csv, <name>.metrics.csv. */
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
import { MAX_COUNT, MAX_FLOPS, MAX_TRIALS } from './limits.ts';
import { PASS_RATE, checkNumber, parseNumber, type NumberRule } from './numbers.ts';
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

/** Suffixes a models file may put on params and tokens ("7B", "1.8T"). */
const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12, p: 1e15 };

async function* records(file: InputFile, ctx: ImportContext, kind: CanonicalKind, warnings: string[]) {
  let header: string[] | undefined;
  const col = new Map<string, number>();
  let last: CsvRecord | undefined;
  let rows = 0;
  const row = {
    rec: undefined as unknown as CsvRecord,
    header: [] as string[],
    /** The trimmed value of column `name` (lower case) in the current row, '' when the file has no such column. */
    get(name: string): string {
      const i = col.get(name);
      return i === undefined ? '' : row.rec.fields[i].trim();
    },
  };
  for await (const rec of readCsv(file.stream(), {
    file: file.path,
    onBytes: (n) => ctx.progress(n),
    signal: ctx.options.signal,
  })) {
    if (!header) {
      header = rec.fields.map((h) => h.trim());
      if (header.some((h) => h.includes('\r'))) {
        throw new StudyError(
          'the lines end with a bare carriage return (CR, old Mac style): save the file with LF or CRLF line endings',
          file.path,
          rec.line,
        );
      }
      header.forEach((h, i) => {
        const key = h.toLowerCase();
        if (h !== '' && col.has(key)) {
          throw new StudyError(`column "${h}" appears twice in the header`, file.path, rec.line, h);
        }
        col.set(key, i);
      });
      const missing = REQUIRED[kind].filter((h) => !col.has(h));
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
    if (rec.fields.length !== header.length) {
      const cut = !rec.terminated ? ' (the file looks cut short)' : '';
      const comma =
        rec.fields.length > header.length && !cut
          ? ' (a decimal comma, or a comma in an unquoted name?)'
          : '';
      throw new StudyError(
        `expected ${header.length} fields as in the header, found ${rec.fields.length}${cut || comma}`,
        file.path,
        rec.line,
      );
    }
    last = rec;
    rows++;
    // one row object for the whole file (millions of rows): each consumer reads a row before asking for the next
    row.rec = rec;
    row.header = header;
    yield row;
  }
  if (!header) throw new StudyError('empty file: expected a header row', file.path);
  if (!rows) throw new StudyError('no data rows after the header', file.path, 2);
  if (last && !last.terminated) {
    warnings.push(
      `${file.path}: the last line (${last.line}) has no line ending, so the file may be cut short; check its last row`,
    );
  }
}

/** A count with an optional K/M/B/T suffix ("7B", "1.8T", "7e9"), positive and finite. */
function count(rec: CsvRecord, file: string, field: string, text: string): number | undefined {
  if (text === '') return undefined;
  const m = /^(.*?)\s*([kmbgtp])$/i.exec(text);
  const base = parseNumber(m ? m[1] : text, { above: 0 }, { file, line: rec.line, field });
  return checkNumber(
    base * (m ? SUFFIX[m[2].toLowerCase()] : 1),
    { above: 0, max: MAX_COUNT },
    { file, line: rec.line, field },
    text,
  );
}

function num(
  rec: CsvRecord,
  file: string,
  field: string,
  text: string,
  rule: NumberRule,
): number | undefined {
  return text === '' ? undefined : parseNumber(text, rule, { file, line: rec.line, field });
}

const LOSS: NumberRule = { min: 0 };
const FLOPS: NumberRule = { above: 0, max: MAX_FLOPS };
const SCORE: NumberRule = { ...PASS_RATE, what: 'a number in [0,1] (pass rates, not percentages)' };
const TRIALS: NumberRule = {
  integer: true,
  min: 1,
  max: MAX_TRIALS,
  what: `a positive integer (at most ${MAX_TRIALS}, limit MAX_TRIALS)`,
};

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
    const params = count(rec, file.path, 'params', get('params'));
    const tokens = count(rec, file.path, 'tokens', get('tokens'));
    const given = num(rec, file.path, 'flops', get('flops'), FLOPS);
    const derived = given === undefined ? sixND(params, tokens) : undefined;
    if (derived !== undefined && !(derived <= MAX_FLOPS)) {
      throw new StudyError(
        `6 · params · tokens = ${derived} FLOPs is above the limit ${MAX_FLOPS} (MAX_FLOPS)`,
        file.path,
        rec.line,
        'params',
      );
    }
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
    const loss = num(rec, file.path, 'loss', get('loss'), LOSS);
    if (loss !== undefined) m.loss = loss;
    for (const h of header) {
      const d = /^loss:(.+)$/i.exec(h);
      if (!d) continue;
      const v = num(rec, file.path, h, get(h.toLowerCase()), LOSS);
      if (v === undefined) continue;
      m.domainLosses ??= {};
      Object.defineProperty(m.domainLosses, d[1], {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
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
  // reused for every row: an error throws before the next row moves them
  const scoreAt = { file: file.path, line: 0, field: 'score' };
  const trialsAt = { file: file.path, line: 0, field: 'trials' };
  const duplicateAt = () => `${file.path} line ${scoreAt.line}`;
  for await (const { rec, get } of records(file, ctx, 'scores', warnings)) {
    const model = get('model');
    const benchmark = get('benchmark');
    const question = get('question');
    if (!model || !benchmark || !question) {
      const field = !model ? 'model' : !benchmark ? 'benchmark' : 'question';
      throw new StudyError('empty value', file.path, rec.line, field);
    }
    noteModel(model, known, created, file.path, rec.line);
    scoreAt.line = trialsAt.line = rec.line;
    const score = parseNumber(get('score'), SCORE, scoreAt);
    const tText = get('trials');
    const trials = tText === '' ? 1 : parseNumber(tText, TRIALS, trialsAt);
    collector.add({ model, benchmark, question, score, trials }, duplicateAt);
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
    const value = parseNumber(get('value'), PASS_RATE, { file: file.path, line: rec.line, field: 'value' });
    study.metrics.push({ model, benchmark, value, ...(get('name') ? { name: get('name') } : {}) });
  }
  study.models = [...created].map((name) => ({ name, computeSource: 'none', role: 'ladder' }));
  return { study, rows: study.metrics.length, warnings };
}
