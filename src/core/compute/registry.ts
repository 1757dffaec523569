/**
 * A registry of well-known open model families, so users rarely type parameter and token counts by hand. The
 * registry gives parameters and training tokens, each with its public source; 6·N·D gives FLOPs. The families
 * themselves are data, in families.json.
 */
import { sixND, type ModelInfo, type Study } from '../study/study.ts';
import FAMILIES from './families.json';

export interface RegistryEntry {
  /** Display name, e.g. "Llama 3.1 8B". */
  label: string;
  /** Normalised key matched by lookupModel, e.g. "llama-3.1-8b". */
  key: string;
  params: number;
  /** Training tokens of the released model; absent when never published (compute then stays unknown). */
  tokens?: number;
  /** Tokens per optimizer step, for checkpoint names "…@step<N>" (Pythia). */
  tokensPerStep?: number;
  source: string;
}

/**
 * One model family of families.json: its sizes as [size, parameters, training tokens or null when never published],
 * the public source of those numbers, and a note on how they were read from it.
 */
interface Family {
  prefix: string;
  label: string;
  source: string;
  note?: string;
  tokensPerStep?: number;
  sizes: [string, number, number | null][];
}

const entries: RegistryEntry[] = (FAMILIES as Family[]).flatMap((f) =>
  f.sizes.map(([size, params, tokens]) => ({
    label: `${f.label} ${size.toUpperCase()}`,
    key: `${f.prefix}-${size}`,
    params,
    tokens: tokens ?? undefined,
    source: f.source,
    tokensPerStep: f.tokensPerStep,
  })),
);

/** Every known model, for pickers and documentation. */
export const REGISTRY: readonly RegistryEntry[] = entries;
const byKey = new Map(entries.map((e) => [e.key, e]));

export interface RegistryMatch extends RegistryEntry {
  /** Tokens seen by the named checkpoint (e.g. Pythia "@step3000"), else the entry's tokens. */
  checkpointTokens: number | undefined;
}

/**
 * Finds a model of the registry from a Hugging Face-style name: "EleutherAI/pythia-1.4b",
 * "EleutherAI__pythia-160m-deduped", "meta-llama/Meta-Llama-3-8B", "Llama-2-7b-hf", "Meta-Llama-3_1-8B".
 * A trailing "@step<N>" (or "revision=step<N>") names a checkpoint of N steps. Undefined when unknown.
 */
export function lookupModel(name: string): RegistryMatch | undefined {
  const step = /(?:@|revision=|\bstep)(?:step)?(\d+)\b/i.exec(name);
  const key = normaliseName(name);
  const e = byKey.get(key);
  if (!e) return undefined;
  const stepTokens = step && e.tokensPerStep ? Number(step[1]) * e.tokensPerStep : undefined;
  return { ...e, checkpointTokens: stepTokens ?? e.tokens };
}

function normaliseName(name: string): string {
  let s = name.split('@')[0].split(',')[0];
  s = s.split(/\/|__/).filter(Boolean).pop() ?? '';
  s = s.toLowerCase().replace(/(\d)_(\d)/g, '$1.$2');
  s = s.replace(/^meta-/, '').replace(/^pythia-v\d+(?:\.\d+)?-/, 'pythia-');
  s = s.replace(/^(llama|gemma)(\d)/, '$1-$2');
  for (;;) {
    const t = s.replace(/-(hf|deduped|base|instruct|chat|it|bf16|fp16|fp8)$/, '');
    if (t === s) break;
    s = t;
  }
  return s;
}

/**
 * Pre-fills the training compute (FLOPs) of models without one: from params × tokens (6·N·D, source '6ND'), else
 * from the registry (source 'registry', filling only missing params/tokens). Never overrides given values.
 * Returns a new study whose warnings say which models were filled from the registry.
 */
export function fillCompute(study: Study): Study {
  const warnings: string[] = [];
  const models = study.models.map((m): ModelInfo => {
    if (m.flops !== undefined && m.flops > 0) return m;
    const own = sixND(m.params, m.tokens);
    if (own !== undefined) return { ...m, flops: own, computeSource: '6ND' };
    const hit = lookupModel(m.name);
    if (!hit) return m;
    const params = m.params ?? hit.params;
    const tokens = m.tokens ?? hit.checkpointTokens;
    const flops = sixND(params, tokens);
    if (flops === undefined || tokens === undefined) {
      if (m.params !== undefined) return m;
      warnings.push(
        `model "${m.name}": ${params.toExponential(3)} params from the registry (${hit.label}; ${hit.source}); its training tokens are not published, so its compute is unknown: type them in the models table`,
      );
      return { ...m, params };
    }
    warnings.push(
      `model "${m.name}": compute ${flops.toExponential(2)} FLOPs = 6 × ${params.toExponential(3)} params × ` +
        `${tokens.toExponential(3)} tokens from the registry (${hit.label}; ${hit.source})`,
    );
    return { ...m, params, tokens, flops, computeSource: 'registry' };
  });
  return { ...study, models, warnings: [...study.warnings, ...warnings] };
}
