/** OpenCompass `results/<model_abbr>/<dataset_abbr>.json` with dumped details (FORMATS §3.4). */
import { ScoreCollector, StudyError, emptyStudy } from '../study/study.ts';
import { isObject } from './json.ts';
import { MAX_TRIALS } from './limits.ts';
import { PASS_RATE, jsonNumber } from './numbers.ts';
import type { Part } from './types.ts';

const KEYS = ['correct', 'is_correct', 'cascade_correct'];

/** True when a parsed JSON object is an OpenCompass results file with per-sample details. */
export function isOpenCompass(json: unknown): boolean {
  return isObject(json) && (Array.isArray(json.details) || isObject(json.details));
}

/** Per-replica correctness, each a bool or a number in [0,1] (checked before any averaging). */
function correctness(v: unknown, path: string, field: string): number[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  if (!list.length) return undefined;
  if (list.length > MAX_TRIALS) {
    throw new StudyError(
      `${list.length} replicas, over the limit ${MAX_TRIALS} (MAX_TRIALS)`,
      path,
      undefined,
      field,
    );
  }
  return list.map((x, i) =>
    jsonNumber(x, CORRECT, { file: path, field: Array.isArray(v) ? `${field}[${i}]` : field }, true),
  );
}

const CORRECT = { ...PASS_RATE, what: 'a correctness (true/false or a number in [0,1])' };

/**
 * Per-sample scores of one results file: model = the folder (<model_abbr>), benchmark = the file name; each detail's
 * `correct` / `is_correct` / `cascade_correct` (a bool, a number, or per-replica list → pass rate, trials = length).
 */
export function importOpenCompass(json: unknown, path: string): Part {
  if (!isObject(json) || !(Array.isArray(json.details) || isObject(json.details))) {
    throw new StudyError('expected an OpenCompass results object with "details"', path, undefined, 'details');
  }
  const parts = path.split('/');
  const benchmark = parts[parts.length - 1].replace(/\.json$/i, '');
  const model = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  if (!model)
    throw new StudyError('cannot tell the model: expected results/<model_abbr>/<dataset_abbr>.json', path);
  const entries: [string, unknown][] = Array.isArray(json.details)
    ? json.details.map((d, i) => [
        isObject(d) && typeof d.example_abbr === 'string' ? d.example_abbr : String(i),
        d,
      ])
    : Object.entries(json.details);
  const collector = new ScoreCollector();
  let missing = 0;
  for (const [id, d] of entries) {
    if (!isObject(d)) throw new StudyError('expected an object per sample', path, undefined, `details.${id}`);
    const key = KEYS.find((k) => Object.hasOwn(d, k));
    const values = key ? correctness(d[key], path, `details.${id}.${key}`) : undefined;
    if (!values) {
      missing++;
      continue;
    }
    const score = Math.min(1, values.reduce((a, b) => a + b, 0) / values.length);
    collector.add({ model, benchmark, question: id, score, trials: values.length }, path);
  }
  const warnings = missing ? [`${path}: ${missing} detail(s) without ${KEYS.join('/')} were skipped`] : [];
  if (!collector.size) throw new StudyError(`no detail has ${KEYS.join(', ')}`, path, undefined, 'details');
  const study = emptyStudy();
  study.models = [{ name: model, computeSource: 'none', role: 'ladder' }];
  study.benchmarks = collector.build();
  return { study, rows: collector.size, warnings };
}
