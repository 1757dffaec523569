/** UK AISI Inspect logs (FORMATS §3.2): `.eval` zip archives and `.json` logs. */
import { unzipSync } from 'fflate';
import { ScoreCollector, StudyError, emptyStudy } from '../study/study.ts';
import { isObject, parseJsonLenient } from './json.ts';
import type { Part } from './types.ts';

/**
 * An Inspect score value as a number in [0,1]: "C"/"I"/"P"/"N" → 1/0/0.5/0, numbers and bools cast, "yes"/"true"
 * → 1, "no"/"false" → 0, numeric strings parsed; a dict takes its first convertible entry. NaN when not convertible.
 */
export function scoreValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    const letter: Record<string, number> = { C: 1, I: 0, P: 0.5, N: 0 };
    if (s in letter) return letter[s];
    const l = s.toLowerCase();
    if (l === 'yes' || l === 'true') return 1;
    if (l === 'no' || l === 'false') return 0;
    return s === '' ? NaN : Number(s);
  }
  if (isObject(v)) {
    for (const x of Object.values(v)) {
      const n = scoreValue(x);
      if (!Number.isNaN(n)) return n;
    }
  }
  return NaN;
}

interface Log {
  eval: Record<string, unknown>;
  samples?: unknown[];
  reductions?: unknown[];
}

/** True when a parsed JSON object looks like an Inspect log. */
export function isInspectLog(json: unknown): boolean {
  return (
    isObject(json) && isObject(json.eval) && ('samples' in json || 'results' in json || 'status' in json)
  );
}

/** Scores of an Inspect `.eval` archive (header.json + samples/*.json, else summaries.json, else reductions.json). */
export function importInspectEval(bytes: Uint8Array, path: string): Part {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) =>
        f.name === 'header.json' ||
        f.name.startsWith('samples/') ||
        /^(summaries|reductions)\.json$/.test(f.name),
    });
  } catch (e) {
    throw new StudyError(
      `not a readable .eval zip archive (truncated or corrupt?): ${e instanceof Error ? e.message : String(e)}`,
      path,
    );
  }
  const json = (name: string) =>
    files[name] ? parseJsonLenient(new TextDecoder().decode(files[name]), `${path}/${name}`) : undefined;
  const header = json('header.json');
  if (!isObject(header) || !isObject(header.eval)) {
    throw new StudyError('the archive has no header.json with an "eval" object: not an Inspect log', path);
  }
  const sampleNames = Object.keys(files).filter((n) => /^samples\/.+\.json$/.test(n));
  let samples: unknown[] | undefined;
  if (sampleNames.length) samples = sampleNames.map((n) => json(n));
  else {
    const summaries = json('summaries.json');
    if (Array.isArray(summaries)) samples = summaries;
  }
  const reductions = json('reductions.json');
  return fromLog(
    { eval: header.eval, samples, reductions: Array.isArray(reductions) ? reductions : undefined },
    path,
  );
}

/** Scores of an Inspect `.json` log (one object holding eval, samples, reductions). */
export function importInspectJson(json: unknown, path: string): Part {
  if (!isObject(json) || !isObject(json.eval))
    throw new StudyError('expected an Inspect log with an "eval" object', path);
  return fromLog(
    {
      eval: json.eval,
      samples: Array.isArray(json.samples) ? json.samples : undefined,
      reductions: Array.isArray(json.reductions) ? json.reductions : undefined,
    },
    path,
  );
}

function fromLog(log: Log, path: string): Part {
  const warnings: string[] = [];
  const model = typeof log.eval.model === 'string' ? log.eval.model : undefined;
  const task = typeof log.eval.task === 'string' ? log.eval.task : undefined;
  if (!model) throw new StudyError('no model name', path, undefined, 'eval.model');
  if (!task) throw new StudyError('no task name', path, undefined, 'eval.task');
  const scorers = Array.isArray(log.eval.scorers) ? log.eval.scorers : [];
  const preferred = isObject(scorers[0]) && typeof scorers[0].name === 'string' ? scorers[0].name : undefined;
  const perSample = new Map<string, number[]>();
  let unscored = 0;
  let badValues = 0;
  let scorerUsed: string | undefined;
  for (const s of log.samples ?? []) {
    if (!isObject(s) || (typeof s.id !== 'string' && typeof s.id !== 'number')) {
      throw new StudyError('a sample without an "id"', path, undefined, 'samples[].id');
    }
    const scores = isObject(s.scores) ? s.scores : {};
    const name = preferred && preferred in scores ? preferred : Object.keys(scores)[0];
    if (!name) {
      unscored++;
      continue;
    }
    scorerUsed ??= name;
    const entry = scores[name];
    const v = scoreValue(isObject(entry) && 'value' in entry ? entry.value : entry);
    if (Number.isNaN(v)) {
      badValues++;
      continue;
    }
    const id = String(s.id);
    const list = perSample.get(id) ?? [];
    list.push(v);
    perSample.set(id, list);
  }
  const config = isObject(log.eval.config) ? log.eval.config : {};
  const epochs = Number(config.epochs) > 0 ? Number(config.epochs) : 1;
  if (!perSample.size && log.reductions?.length) {
    const red =
      log.reductions.find((r) => isObject(r) && (!preferred || r.scorer === preferred)) ?? log.reductions[0];
    if (isObject(red) && Array.isArray(red.samples)) {
      scorerUsed = String(red.scorer);
      for (const r of red.samples) {
        if (!isObject(r)) continue;
        const v = scoreValue(r.value);
        if (Number.isNaN(v) || (typeof r.sample_id !== 'string' && typeof r.sample_id !== 'number')) {
          badValues++;
          continue;
        }
        perSample.set(String(r.sample_id), Array(epochs).fill(v));
      }
      warnings.push(`${path}: per-epoch scores absent; used the reduced scores of "${scorerUsed}"`);
    }
  }
  if (unscored) warnings.push(`${path}: ${unscored} sample(s) have no score`);
  if (badValues)
    warnings.push(`${path}: ${badValues} score value(s) could not be read as numbers and were skipped`);
  const collector = new ScoreCollector();
  for (const [id, values] of perSample) {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    if (!(mean >= 0 && mean <= 1))
      throw new StudyError(`score ${mean} of sample "${id}" is outside [0,1]`, path, undefined, 'scores');
    collector.add({ model, benchmark: task, question: id, score: mean, trials: values.length }, path);
  }
  if (!collector.size) warnings.push(`${path}: no scored samples (model "${model}", task "${task}")`);
  const study = emptyStudy();
  study.models = [{ name: model, computeSource: 'none', role: 'ladder' }];
  study.benchmarks = collector.build();
  return { study, rows: collector.size, warnings };
}
