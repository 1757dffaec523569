/** UK AISI Inspect logs (FORMATS §3.2): `.eval` zip archives and `.json` logs. */
import { ScoreCollector, StudyError, emptyStudy } from '../study/study.ts';
import { isObject, parseJsonLenient } from './json.ts';
import { MAX_TRIALS } from './limits.ts';
import { decodeText } from './lines.ts';
import { PASS_RATE, checkNumber, jsonNumber, strictNumber, type NumberRule } from './numbers.ts';
import { readZipEntry, zipEntries } from './zip.ts';

const EPOCHS: NumberRule = {
  integer: true,
  min: 1,
  max: MAX_TRIALS,
  what: `a whole number of epochs from 1 to ${MAX_TRIALS} (limit MAX_TRIALS)`,
};
import type { Part } from './types.ts';

/**
 * An Inspect score value as a number: "C"/"I"/"P"/"N" → 1/0/0.5/0, numbers and bools cast, "yes"/"true" → 1,
 * "no"/"false" → 0, numeric strings read strictly; a dict takes its first convertible entry (looking at most
 * 4 levels deep). NaN when not convertible. The caller checks the range.
 */
export function scoreValue(v: unknown): number {
  return valueAt(v, 0);
}

function valueAt(v: unknown, depth: number): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    const letter: Record<string, number> = { C: 1, I: 0, P: 0.5, N: 0 };
    if (Object.hasOwn(letter, s)) return letter[s];
    const l = s.toLowerCase();
    if (l === 'yes' || l === 'true') return 1;
    if (l === 'no' || l === 'false') return 0;
    return strictNumber(s);
  }
  if (isObject(v) && depth < 4) {
    for (const x of Object.values(v)) {
      const n = valueAt(x, depth + 1);
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

/** The parts of a sample the scores need; the rest (messages, events) is dropped as soon as it is read. */
function lightSample(s: unknown): unknown {
  return isObject(s) ? { id: s.id, epoch: s.epoch, scores: s.scores } : s;
}

/**
 * Scores of an Inspect `.eval` archive (header.json + samples/*.json, else summaries.json, else reductions.json).
 * Entries are read one at a time within the zip limits.
 */
export function importInspectEval(bytes: Uint8Array, path: string): Part {
  const entries = new Map(zipEntries(bytes, path).map((e) => [e.name, e]));
  const budget = { read: 0 };
  const json = (name: string) => {
    const e = entries.get(name);
    return e
      ? parseJsonLenient(
          decodeText(readZipEntry(bytes, e, path, budget), `${path}/${name}`),
          `${path}/${name}`,
        )
      : undefined;
  };
  const header = json('header.json');
  if (!isObject(header) || !isObject(header.eval)) {
    throw new StudyError('the archive has no header.json with an "eval" object: not an Inspect log', path);
  }
  const sampleNames = [...entries.keys()].filter((n) => /^samples\/.+\.json$/.test(n));
  let samples: unknown[] | undefined;
  if (sampleNames.length) samples = sampleNames.map((n) => lightSample(json(n)));
  else {
    const summaries = json('summaries.json');
    if (Array.isArray(summaries)) samples = summaries.map(lightSample);
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
  const config = isObject(log.eval.config) ? log.eval.config : {};
  const epochs =
    config.epochs === undefined || config.epochs === null
      ? 1
      : jsonNumber(config.epochs, EPOCHS, { file: path, field: 'eval.config.epochs' });
  /** Per sample id: the sum of its epoch scores, their count and the epochs seen. */
  const perSample = new Map<string, { sum: number; n: number; epochs: Set<number> }>();
  let unscored = 0;
  let badValues = 0;
  let scorerUsed: string | undefined;
  for (const s of log.samples ?? []) {
    if (!isObject(s) || (typeof s.id !== 'string' && typeof s.id !== 'number')) {
      throw new StudyError('a sample without an "id"', path, undefined, 'samples[].id');
    }
    const scores = isObject(s.scores) ? s.scores : {};
    const name = preferred && Object.hasOwn(scores, preferred) ? preferred : Object.keys(scores)[0];
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
    const where = { file: path, field: `samples[id=${id}].scores.${name}` };
    checkNumber(v, PASS_RATE, where);
    const seen = perSample.get(id) ?? { sum: 0, n: 0, epochs: new Set<number>() };
    const epoch =
      s.epoch === undefined
        ? seen.n + 1
        : jsonNumber(s.epoch, EPOCHS, { file: path, field: `samples[id=${id}].epoch` });
    if (seen.epochs.has(epoch)) {
      throw new StudyError(`sample "${id}" has epoch ${epoch} twice`, path, undefined, 'samples[].epoch');
    }
    if (seen.n >= epochs || epoch > epochs) {
      throw new StudyError(
        `sample "${id}" has more results (epoch ${epoch}) than the log's epochs (${epochs})`,
        path,
        undefined,
        'eval.config.epochs',
      );
    }
    seen.epochs.add(epoch);
    seen.sum += v;
    seen.n++;
    perSample.set(id, seen);
  }
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
        const id = String(r.sample_id);
        checkNumber(v, PASS_RATE, { file: path, field: `reductions[sample_id=${id}].value` });
        if (perSample.has(id)) {
          throw new StudyError(`sample "${id}" is reduced twice`, path, undefined, 'reductions[].sample_id');
        }
        perSample.set(id, { sum: v * epochs, n: epochs, epochs: new Set() });
      }
      warnings.push(`${path}: per-epoch scores absent; used the reduced scores of "${scorerUsed}"`);
    }
  }
  if (unscored) warnings.push(`${path}: ${unscored} sample(s) have no score`);
  if (badValues)
    warnings.push(`${path}: ${badValues} score value(s) could not be read as numbers and were skipped`);
  const collector = new ScoreCollector();
  for (const [id, { sum, n }] of perSample) {
    collector.add(
      { model, benchmark: task, question: id, score: Math.min(1, Math.max(0, sum / n)), trials: n },
      path,
    );
  }
  if (!collector.size) warnings.push(`${path}: no scored samples (model "${model}", task "${task}")`);
  const study = emptyStudy();
  study.models = [{ name: model, computeSource: 'none', role: 'ladder' }];
  study.benchmarks = collector.build();
  return { study, rows: collector.size, warnings };
}
