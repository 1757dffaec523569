/** Picks the importer of a file from its name and, for JSON, its content. */
import { canonicalKind } from './canonical.ts';
import { isInspectLog } from './inspect.ts';
import { isObject } from './json.ts';
import { isLmEvalResults } from './lmeval.ts';
import { isOpenCompass } from './opencompass.ts';

export type Format =
  | 'canonical-models'
  | 'canonical-scores'
  | 'canonical-metrics'
  | 'lm-eval-samples'
  | 'lm-eval-results'
  | 'inspect-eval'
  | 'inspect-json'
  | 'helm'
  | 'helm-run-spec'
  | 'opencompass'
  | 'json'
  | 'ignored'
  | 'unknown';

/** Sibling files of a HELM run directory that hold no per-instance scores. */
const HELM_AUX =
  /(?:^|\/)(run_spec|scenario|scenario_state|stats|instances|display_predictions|display_requests)\.json$/;

export const KNOWN_FORMATS =
  '<name>.models.csv / .scores.csv / .metrics.csv, lm-eval samples_*.jsonl or results*.json, Inspect .eval or .json ' +
  'logs, HELM per_instance_stats.json, OpenCompass results/<model>/<dataset>.json';

/** Format by name alone; 'json' means "parse it, then ask detectJson". */
export function detectByName(path: string): Format {
  const c = canonicalKind(path);
  if (c) return `canonical-${c.kind}`;
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl')) return 'lm-eval-samples';
  if (lower.endsWith('.eval')) return 'inspect-eval';
  if (/(?:^|\/)per_instance_stats\.json$/.test(lower)) return 'helm';
  if (HELM_AUX.test(lower)) return 'helm-run-spec';
  if (lower.endsWith('.json')) return 'json';
  if (/\.(md|txt|ya?ml|py|sh|log|png|jpe?g|svg|pdf|html?)$|(?:^|\/)(license|readme)[^/]*$/.test(lower))
    return 'ignored';
  return 'unknown';
}

/** Format of a parsed JSON file. */
export function detectJson(json: unknown): Format {
  if (isLmEvalResults(json)) return 'lm-eval-results';
  if (isInspectLog(json)) return 'inspect-json';
  if (isOpenCompass(json)) return 'opencompass';
  if (Array.isArray(json) && json.length && isObject(json[0]) && 'instance_id' in json[0]) return 'helm';
  return 'unknown';
}
