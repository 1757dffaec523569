/**
 * lm-evaluation-harness output (FORMATS §3.1): file names, model identity, and the v0.4 `results_<ts>.json` and
 * older v0.3 results files (full-set metrics only). The samples files are read by lmeval-samples.ts.
 */
import { emptyStudy, type Metric, type ModelInfo } from '../study/study.ts';
import { isObject } from './json.ts';
import type { ImportContext, InputFile, Part } from './types.ts';

/** Per-sample metrics in the order a default is picked (first present wins). */
export const METRIC_PREFERENCE = [
  'acc',
  'exact_match',
  'acc_norm',
  'f1',
  'em',
  'mc2',
  'mc1',
  'pass@1',
  'pass_at_1',
  'mcc',
];

const SAMPLES_NAME = /(?:^|\/)samples_(.+?)_(\d{4}-\d{2}-\d{2}T[\d.:-]+)\.jsonl$/;
const RESULTS_NAME = /(?:^|\/)results_(\d{4}-\d{2}-\d{2}T[\d.:-]+)\.json$/;

/** Task and timestamp of a samples file name, e.g. "samples_gsm8k_2024-11-26T10-50-23.349203.jsonl". */
export function samplesName(path: string): { task: string; timestamp: string } | undefined {
  const m = SAMPLES_NAME.exec(path);
  if (m) return { task: m[1], timestamp: m[2] };
  const loose = /(?:^|\/)samples_(.+)\.jsonl$/.exec(path);
  return loose ? { task: loose[1], timestamp: '' } : undefined;
}

/** Timestamp of a v0.4 results file name, or '' for another name. */
export function resultsTimestamp(path: string): string {
  return RESULTS_NAME.exec(path)?.[1] ?? '';
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The model a results file describes, as far as its content tells. */
export interface LmEvalRun {
  model?: string;
  /** Where `model` came from, for the warning. */
  modelSource?: string;
  params?: number;
  /** `repeats` of each task's config (v0.4). */
  repeats: Map<string, number>;
}

/** True when a parsed JSON object looks like an lm-eval results file (v0.3 or v0.4). */
export function isLmEvalResults(json: unknown): boolean {
  return (
    isObject(json) &&
    isObject(json.results) &&
    (isObject(json.config) || 'versions' in json || 'model_name' in json)
  );
}

function modelFromArgs(args: unknown): { name: string; local: boolean } | undefined {
  if (typeof args !== 'string') return undefined;
  const kv = Object.fromEntries(
    args.split(',').map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? [p.trim(), ''] : [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const name = kv.pretrained || kv.model || kv.engine || kv.path;
  if (!name) return undefined;
  const local = /^[./~]/.test(name) || name.split('/').length > 2;
  const rev = kv.revision && kv.revision !== 'main' ? `@${kv.revision}` : '';
  return { name: name + rev, local };
}

/** Folder-derived model name ("EleutherAI__pythia-14m" → "EleutherAI/pythia-14m"), skipping "zero-shot"-like folders. */
export function folderModel(path: string): string | undefined {
  const parts = dirname(path).split('/').filter(Boolean);
  while (
    parts.length &&
    /^(zero|one|few|five|\d+)-?shots?$|^results$|^samples$/i.test(parts[parts.length - 1])
  )
    parts.pop();
  const d = parts.pop();
  return d ? d.replace(/__/g, '/') : undefined;
}

/** Model identity of a results JSON: model_name, else config.model_args pretrained=…, else the folder. */
export function resultsRun(json: Record<string, unknown>, path: string): LmEvalRun {
  const config = isObject(json.config) ? json.config : {};
  const run: LmEvalRun = { repeats: new Map() };
  const fromArgs = modelFromArgs(config.model_args);
  if (typeof json.model_name === 'string' && json.model_name) {
    run.model = json.model_name;
    run.modelSource = 'model_name';
  } else if (fromArgs && !fromArgs.local) {
    run.model = fromArgs.name;
    run.modelSource = 'config.model_args';
  } else if (folderModel(path)) {
    run.model = folderModel(path);
    run.modelSource = fromArgs
      ? `the folder name (model_args names a local path "${fromArgs.name}")`
      : 'the folder name';
  }
  const n = Number(config.model_num_parameters);
  if (Number.isFinite(n) && n > 0) run.params = n;
  if (isObject(json.configs)) {
    for (const [task, c] of Object.entries(json.configs)) {
      const r = isObject(c) ? Number(c.repeats) : NaN;
      if (Number.isInteger(r) && r > 1) run.repeats.set(task, r);
    }
  }
  return run;
}

export function pickMetric(available: string[], wanted?: string): string | undefined {
  if (wanted && available.includes(wanted)) return wanted;
  return METRIC_PREFERENCE.find((m) => available.includes(m)) ?? available[0];
}

/**
 * Full-set metrics of a v0.3 or v0.4 results file, one per task: metric keys "<metric>,<filter>" (v0.4) or
 * "<metric>" (v0.3); stderr entries and values outside [0,1] are skipped. v0.3 benchmarks with few-shot examples are
 * named "<task>@<n>shot" so zero- and few-shot runs stay apart.
 */
export function importResults(
  json: Record<string, unknown>,
  file: InputFile,
  ctx: ImportContext,
): Part & { run: LmEvalRun } {
  const warnings: string[] = [];
  const run = resultsRun(json, file.path);
  const model = run.model ?? basename(file.path).replace(/\.json$/i, '');
  if (!run.model)
    warnings.push(`${file.path}: no model name inside or in the folder; using the file name "${model}"`);
  else if (run.modelSource !== 'model_name' && run.modelSource !== 'config.model_args') {
    warnings.push(`${file.path}: model name "${model}" taken from ${run.modelSource}`);
  }
  const config = isObject(json.config) ? json.config : {};
  const v04 = Object.values(json.results as object).some(
    (r) => isObject(r) && Object.keys(r).some((k) => k.includes(',')),
  );
  const shots = Number(config.num_fewshot);
  const metrics: Metric[] = [];
  const skipped: string[] = [];
  for (const [task, res] of Object.entries(json.results as Record<string, unknown>)) {
    if (!isObject(res)) continue;
    const byFilter = new Map<string, Map<string, unknown>>();
    for (const [key, value] of Object.entries(res)) {
      if (key === 'alias' || /_stderr(,|$)/.test(key)) continue;
      const [metric, filter = 'none'] = v04 ? key.split(',') : [key];
      if (typeof value !== 'number') continue;
      if (!byFilter.has(filter)) byFilter.set(filter, new Map());
      byFilter.get(filter)!.set(metric, value);
      if (v04) ctx.filters.add(filter);
      ctx.metrics.add(metric);
    }
    if (!byFilter.size) continue;
    const filters = [...byFilter.keys()];
    const wantFilter = ctx.options.lmEval?.filter;
    const filter =
      wantFilter && byFilter.has(wantFilter) ? wantFilter : byFilter.has('none') ? 'none' : filters[0];
    const values = byFilter.get(filter)!;
    const inRange = [...values.keys()].filter(
      (k) => (values.get(k) as number) >= 0 && (values.get(k) as number) <= 1,
    );
    const metric = pickMetric(inRange.length ? inRange : [...values.keys()], ctx.options.lmEval?.metric);
    if (!metric) continue;
    const value = values.get(metric) as number;
    if (!(value >= 0 && value <= 1)) {
      skipped.push(`${task} (${metric} = ${value})`);
      continue;
    }
    const benchmark = !v04 && Number.isInteger(shots) && shots > 0 ? `${task}@${shots}shot` : task;
    metrics.push({ model, benchmark, value, name: v04 ? `${metric},${filter}` : metric });
  }
  if (skipped.length) {
    warnings.push(
      `${file.path}: skipped ${skipped.length} task(s) whose metric is not in [0,1]: ${skipped.slice(0, 5).join(', ')}`,
    );
  }
  const info: ModelInfo = { name: model, params: run.params, computeSource: 'none', role: 'ladder' };
  if (info.params === undefined) delete info.params;
  const study = { ...emptyStudy(), models: [info], metrics };
  return { study, rows: metrics.length, warnings, run: { ...run, model } };
}
