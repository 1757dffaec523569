/**
 * lm-evaluation-harness `samples_<task>_<ts>.jsonl` files (FORMATS §3.1): one line per document per filter, read in
 * one strict pass per line; multiple-choice lines may be scored by the gold choice's probability.
 */
import { ScoreCollector, StudyError, emptyStudy, type Metric, type ModelInfo } from '../study/study.ts';
import { DEFAULT_MC_SIGNAL, GOLD_PROB, isChoiceList, lineGoldProb, type ChoiceMembers } from './choices.ts';
import { isObject, parseJsonLenient, scanJson } from './json.ts';
import { fileLines } from './lines.ts';
import { basename, folderModel, pickMetric, samplesName, type LmEvalRun } from './lmeval.ts';
import type { ImportContext, InputFile, Part } from './types.ts';

const STRUCTURAL = new Set([
  'doc_id',
  'doc',
  'target',
  'arguments',
  'resps',
  'filtered_resps',
  'filter',
  'metrics',
  'doc_hash',
  'prompt_hash',
  'target_hash',
]);

interface Row {
  id: string;
  value: number;
  line: number;
  /** The gold choice's probability (multiple choice, graded signal), or why the line does not give it. */
  graded?: { value: number } | { unknown: string };
}

const CHOICE_MEMBERS: Record<string, keyof ChoiceMembers> = {
  filtered_resps: 'filteredResps',
  resps: 'resps',
  arguments: 'args',
};

/**
 * Per-question scores of one `samples_<task>_<ts>.jsonl`. `run` is the results file of the same folder, if any,
 * giving the model name, parameters and repeats. One line per document per filter: the rows of one filter are kept
 * (options.lmEval.filter, else "none", else the first seen), scored by one per-sample metric. Multiple-choice
 * samples may instead be scored by the gold choice's probability (options.lmEval.mcSignal or metric "gold_prob"),
 * their full-set score staying the metric's mean (a metric row beside the question scores).
 */
export async function importSamples(file: InputFile, ctx: ImportContext, run?: LmEvalRun): Promise<Part> {
  const warnings: string[] = [];
  const names = samplesName(file.path);
  const task = names?.task ?? basename(file.path).replace(/\.jsonl$/i, '');
  let model = run?.model;
  if (!model) {
    const folder = folderModel(file.path);
    model = folder ?? task;
    warnings.push(
      `${file.path}: no results_*.json beside it, so the model name "${model}" comes from the ${folder ? 'folder' : 'file'} name`,
    );
  }
  const wantGold = ctx.options.lmEval?.metric === GOLD_PROB;
  const wantMetric = wantGold ? undefined : ctx.options.lmEval?.metric;
  const signal = wantGold
    ? GOLD_PROB
    : (ctx.options.lmEval?.mcSignal ?? (wantMetric ? 'metric' : DEFAULT_MC_SIGNAL));
  let graded = false;
  const byFilter = new Map<string, Row[]>();
  let metric = '';
  let hasFilter = false;
  let repeats = run?.repeats.get(task) ?? 1;
  let trials = 1;
  let lineNo = 0;
  let nanRows = 0;
  const seenIds = new Map<string, number>();
  let repeatedIds = 0;

  /**
   * doc_id, filter and the metric of a plain line from the engine's own strict parser, or null for anything the
   * strict scan below must judge (NaN tokens, unusual doc_ids, a missing metric), which gives the same result.
   */
  const parsed = (line: string): { id: string; filter: string; value: number } | null => {
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      return null;
    }
    if (!isObject(obj)) return null;
    const v = obj[metric];
    const value = typeof v === 'boolean' ? Number(v) : v;
    if (typeof value !== 'number') return null;
    const doc = obj.doc_id;
    let id: string;
    if (typeof doc === 'string') id = doc;
    else if (typeof doc === 'number' && Number.isSafeInteger(doc) && doc >= 0 && plainIdAt(line, doc))
      id = String(doc);
    else return null;
    return { id, filter: typeof obj.filter === 'string' ? obj.filter : 'none', value };
  };

  /** doc_id, filter and the metric of one line, read in one strict pass (the line must be exactly one object). */
  const read = (line: string): Omit<Row, 'line'> & { filter: string } => {
    if (!graded) {
      const row = parsed(line);
      if (row) return row;
    }
    const raw = new Map<string, string>();
    const members: ChoiceMembers = {};
    const err = scanJson(
      line,
      (k, v) => raw.set(k, v),
      graded
        ? (k, start, end) => {
            if (k === 'target') members.target = line.slice(start, end);
            else if (k in CHOICE_MEMBERS) members[CHOICE_MEMBERS[k] as 'args'] = [start, end];
          }
        : undefined,
    );
    if (err) throw new StudyError(`invalid JSON at column ${err.at + 1}: ${err.reason}`, file.path, lineNo);
    if (line.trimStart().charCodeAt(0) !== 123)
      throw new StudyError('expected a JSON object per line', file.path, lineNo);
    const id = docId(raw.get('doc_id'), file.path, lineNo);
    const token = raw.get(metric);
    const value =
      token === 'true'
        ? 1
        : token === 'false'
          ? 0
          : token === 'NaN'
            ? NaN
            : token && /^[-\dI]/.test(token)
              ? Number(token)
              : undefined;
    if (value === undefined) {
      const has = [...raw].filter(([k, v]) => !STRUCTURAL.has(k) && /^[-\dNtf]/.test(v)).map(([k]) => k);
      throw new StudyError(
        `expected the per-sample metric "${metric}" as a number (this line has: ${has.join(', ') || 'none'})`,
        file.path,
        lineNo,
        metric,
      );
    }
    const f = raw.get('filter');
    const filter = f?.startsWith('"') ? (JSON.parse(f) as string) : 'none';
    if (!graded) return { id, filter, value };
    members.target ??= raw.get('target');
    const acc = raw.get('acc');
    const at = { file: file.path, line: lineNo };
    const accValue = acc === undefined ? undefined : acc === 'true' ? 1 : acc === 'false' ? 0 : Number(acc);
    return { id, filter, value, graded: lineGoldProb(line, members, accValue, at) };
  };

  for await (const line of fileLines(file, ctx)) {
    lineNo++;
    if (!line.trim()) continue;
    if (!metric) {
      const obj = parseJsonLenient(line, file.path, lineNo);
      if (!isObject(obj)) throw new StudyError('expected a JSON object per line', file.path, lineNo);
      if (!('doc_id' in obj))
        throw new StudyError('not an lm-eval samples line: no "doc_id"', file.path, lineNo);
      const candidates = Object.keys(obj).filter(
        (k) => !STRUCTURAL.has(k) && (typeof obj[k] === 'number' || typeof obj[k] === 'boolean'),
      );
      for (const c of candidates) ctx.metrics.add(c);
      const picked = pickMetric(candidates, wantMetric);
      if (!picked)
        throw new StudyError(
          'no per-sample metric (e.g. "acc", "exact_match") on the first line',
          file.path,
          lineNo,
        );
      if (wantMetric && picked !== wantMetric) {
        warnings.push(`${file.path}: metric "${wantMetric}" is absent; using "${picked}"`);
      }
      metric = picked;
      const choices = isChoiceList(obj.filtered_resps);
      if (choices) ctx.metrics.add(GOLD_PROB);
      graded = choices && signal === GOLD_PROB;
      if (wantGold && !choices)
        warnings.push(`${file.path}: "${GOLD_PROB}" needs multiple-choice samples; using "${picked}"`);
      hasFilter = typeof obj.filter === 'string';
      const resps = obj.resps;
      if (Array.isArray(resps) && Array.isArray(resps[0]) && resps[0].length > 1) repeats = resps[0].length;
      if (repeats > 1) {
        const fr = Array.isArray(obj.filtered_resps) ? obj.filtered_resps[0] : undefined;
        if (Array.isArray(fr) && fr.length === repeats) trials = repeats;
        else {
          warnings.push(
            `${file.path}: ${repeats} repeats per document, but the filter reduced them to one answer, so each ` +
              `score counts as a single trial`,
          );
        }
      }
    }
    const row = read(line);
    if (Number.isNaN(row.value)) {
      nanRows++;
      continue;
    }
    if (!(row.value >= 0 && row.value <= 1)) {
      throw new StudyError(
        `per-sample metric "${metric}" is ${row.value}, not a score in [0,1]: choose another metric`,
        file.path,
        lineNo,
        metric,
      );
    }
    if (!hasFilter) {
      // Older 0.4 builds write one row per document per filter without naming the filter.
      const k = (seenIds.get(row.id) ?? 0) + 1;
      seenIds.set(row.id, k);
      if (k > 1) {
        row.filter = `none#${k}`;
        repeatedIds++;
      }
    }
    let rows = byFilter.get(row.filter);
    if (!rows) {
      rows = [];
      byFilter.set(row.filter, rows);
      ctx.filters.add(row.filter);
    }
    rows.push({ id: row.id, value: row.value, line: lineNo, graded: row.graded });
  }
  if (!metric) throw new StudyError('no sample lines', file.path);
  if (repeatedIds) {
    warnings.push(
      `${file.path}: doc_id repeats without a "filter" key (one row per document per filter); ` +
        `the first row of each document is used`,
    );
  }
  if (nanRows) warnings.push(`${file.path}: ${nanRows} row(s) with a NaN ${metric} were skipped`);
  const filters = [...byFilter.keys()];
  const want = ctx.options.lmEval?.filter;
  if (want && !byFilter.has(want) && hasFilter)
    warnings.push(`${file.path}: filter "${want}" is absent; using the default`);
  const filter = want && byFilter.has(want) ? want : byFilter.has('none') ? 'none' : filters[0];
  if (filters.length > 1 && hasFilter)
    warnings.push(`${file.path}: ${filters.length} filters (${filters.join(', ')}); using "${filter}"`);
  const kept = byFilter.get(filter) ?? [];
  const gold = graded ? gradedScores(kept, file.path, metric, warnings) : undefined;
  const collector = new ScoreCollector();
  kept.forEach((r, i) => {
    collector.add(
      { model, benchmark: task, question: r.id, score: gold ? gold[i] : r.value, trials: gold ? 1 : trials },
      `${file.path} line ${r.line}`,
    );
  });
  const info: ModelInfo = { name: model, computeSource: 'none', role: 'ladder' };
  if (run?.params) info.params = run.params;
  const metrics: Metric[] = gold
    ? [{ model, benchmark: task, value: kept.reduce((s, r) => s + r.value, 0) / kept.length, name: metric }]
    : [];
  const study = { ...emptyStudy(), models: [info], benchmarks: collector.build(), metrics };
  return { study, rows: collector.size, warnings };
}

/**
 * The gold choices' probabilities of a file's kept rows, or undefined (with a warning) when a row does not give one,
 * so the file keeps its per-sample metric.
 */
function gradedScores(rows: Row[], path: string, metric: string, warnings: string[]): number[] | undefined {
  const out: number[] = [];
  for (const r of rows) {
    if (!r.graded || !('value' in r.graded)) {
      const why = r.graded && 'unknown' in r.graded ? r.graded.unknown : 'not read';
      warnings.push(
        `${path}: line ${r.line}: no gold-choice probability (${why}), so the questions are scored by "${metric}"`,
      );
      return undefined;
    }
    out.push(r.graded.value);
  }
  if (rows.length) {
    warnings.push(
      `${path}: multiple choice: questions scored by the gold choice's probability ("${GOLD_PROB}", softmax over the ` +
        `choices' log-likelihoods); the full-set score stays the mean "${metric}"`,
    );
  }
  return out;
}

/** A doc_id's raw JSON text as a question key: a string, or a whole number up to 2^53 written in digits. */
/** True when `line` opens with doc_id written as the plain whole number `id`, as lm-eval writes it. */
function plainIdAt(line: string, id: number): boolean {
  const digits = String(id);
  const at = line.startsWith('{"doc_id": ') ? 11 : line.startsWith('{"doc_id":') ? 10 : -1;
  if (at < 0 || !line.startsWith(digits, at)) return false;
  const next = line.charCodeAt(at + digits.length);
  // a second "doc_id" (a repeated key, whose last value counts) goes to the strict scan
  return (next === 44 || next === 125 || next === 32) && line.indexOf('"doc_id"', at) < 0;
}

function docId(raw: string | undefined, path: string, line: number): string {
  if (raw === undefined) throw new StudyError('expected a doc_id (number or string)', path, line, 'doc_id');
  if (raw.startsWith('"')) return JSON.parse(raw) as string;
  if (/^(0|[1-9]\d*)$/.test(raw) && Number(raw) <= Number.MAX_SAFE_INTEGER) return raw;
  throw new StudyError(
    `expected a doc_id that is a string or a whole number up to 2^53, got ${raw.slice(0, 40)}`,
    path,
    line,
    'doc_id',
  );
}
