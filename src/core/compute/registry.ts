/**
 * A registry of well-known open model families, so users rarely type parameter and token counts by hand. The
 * registry gives parameters and training tokens, each with its public source; 6·N·D gives FLOPs.
 */
import { sixND, type ModelInfo, type Study } from '../study/study.ts';

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

const entries: RegistryEntry[] = [];
function family(
  prefix: string,
  label: string,
  source: string,
  sizes: [string, number, number | undefined][],
  tokensPerStep?: number,
): void {
  for (const [size, params, tokens] of sizes) {
    entries.push({
      label: `${label} ${size.toUpperCase()}`,
      key: `${prefix}-${size}`,
      params,
      tokens,
      source,
      tokensPerStep,
    });
  }
}

// Pythia: total parameter counts from the model table of github.com/EleutherAI/pythia README; 143,000 steps of
// 2,097,152 tokens = 299.9B tokens (Biderman et al. 2023, arXiv 2304.01373, Sec. 2).
const PYTHIA_TOKENS = 143_000 * 2_097_152;
family(
  'pythia',
  'Pythia',
  'Biderman et al. 2023 (arXiv 2304.01373); github.com/EleutherAI/pythia',
  [
    // 14m and 31m were added to the README's table later, listed there as 14M and 31M.
    ['14m', 14e6, PYTHIA_TOKENS],
    ['31m', 31e6, PYTHIA_TOKENS],
    ['70m', 70_426_624, PYTHIA_TOKENS],
    ['160m', 162_322_944, PYTHIA_TOKENS],
    ['410m', 405_334_016, PYTHIA_TOKENS],
    ['1b', 1_011_781_632, PYTHIA_TOKENS],
    ['1.4b', 1_414_647_808, PYTHIA_TOKENS],
    ['2.8b', 2_775_208_960, PYTHIA_TOKENS],
    ['6.9b', 6_857_302_016, PYTHIA_TOKENS],
    ['12b', 11_846_072_320, PYTHIA_TOKENS],
  ],
  2_097_152,
);
// LLaMA 1: Touvron et al. 2023 (arXiv 2302.13971), Table 2: 1.0T tokens for 6.7B/13B, 1.4T for 32.5B/65.2B.
family('llama', 'LLaMA', 'Touvron et al. 2023, arXiv 2302.13971, Table 2', [
  ['7b', 6.7e9, 1e12],
  ['13b', 13.0e9, 1e12],
  ['30b', 32.5e9, 1.4e12],
  ['33b', 32.5e9, 1.4e12],
  ['65b', 65.2e9, 1.4e12],
]);
// Llama 2: Touvron et al. 2023 (arXiv 2307.09288), Table 1: 2.0T tokens for every size.
family('llama-2', 'Llama 2', 'Touvron et al. 2023, arXiv 2307.09288, Table 1', [
  ['7b', 7e9, 2e12],
  ['13b', 13e9, 2e12],
  ['70b', 70e9, 2e12],
]);
// Llama 3: Meta model card (github.com/meta-llama/llama3/blob/main/MODEL_CARD.md): "15T+" tokens.
family('llama-3', 'Llama 3', 'github.com/meta-llama/llama3 MODEL_CARD.md', [
  ['8b', 8.03e9, 15e12],
  ['70b', 70.6e9, 15e12],
]);
// Llama 3.1: Llama Team 2024 (arXiv 2407.21783), Sec. 3: ~15T multilingual tokens; sizes from the model card.
family('llama-3.1', 'Llama 3.1', 'Llama Team 2024, arXiv 2407.21783; meta-llama/Llama-3.1 model card', [
  ['8b', 8.03e9, 15e12],
  ['70b', 70.6e9, 15e12],
  ['405b', 405e9, 15e12],
]);
// Qwen2.5: Qwen Team 2024 (arXiv 2412.15115), Sec. 3.1 (18T tokens) and Table 1 (sizes).
family('qwen2.5', 'Qwen2.5', 'Qwen Team 2024, arXiv 2412.15115, Table 1 and Sec. 3.1', [
  ['0.5b', 0.49e9, 18e12],
  ['1.5b', 1.54e9, 18e12],
  ['3b', 3.09e9, 18e12],
  ['7b', 7.61e9, 18e12],
  ['14b', 14.7e9, 18e12],
  ['32b', 32.5e9, 18e12],
  ['72b', 72.7e9, 18e12],
]);
// Gemma 2: Gemma Team 2024 (arXiv 2408.00118), Tables 1-2: 2B on 2T, 9B on 8T, 27B on 13T tokens.
family('gemma-2', 'Gemma 2', 'Gemma Team 2024, arXiv 2408.00118, Tables 1-2', [
  ['2b', 2.61e9, 2e12],
  ['9b', 9.24e9, 8e12],
  ['27b', 27.2e9, 13e12],
]);
// OLMo: Groeneveld et al. 2024 (arXiv 2402.00838), Table 1: 1B on 3T, 7B on 2.46T tokens.
family('olmo', 'OLMo', 'Groeneveld et al. 2024, arXiv 2402.00838, Table 1', [
  ['1b', 1.18e9, 3e12],
  ['7b', 6.89e9, 2.46e12],
]);
// OPT: Zhang et al. 2022 (arXiv 2205.01068), Sec. 2.2-3: 180B tokens for every size.
family('opt', 'OPT', 'Zhang et al. 2022, arXiv 2205.01068, Table 1 and Sec. 3', [
  ['125m', 125e6, 180e9],
  ['350m', 350e6, 180e9],
  ['1.3b', 1.3e9, 180e9],
  ['2.7b', 2.7e9, 180e9],
  ['6.7b', 6.7e9, 180e9],
  ['13b', 13e9, 180e9],
  ['30b', 30e9, 180e9],
  ['66b', 66e9, 180e9],
]);
// BLOOM: BigScience 2022 (arXiv 2211.05100), Table 3: 366B tokens; sizes from the same table.
family('bloom', 'BLOOM', 'BigScience 2022, arXiv 2211.05100, Table 3', [
  ['560m', 559e6, 366e9],
  ['1b1', 1.065e9, 366e9],
  ['1b7', 1.722e9, 366e9],
  ['3b', 3.003e9, 366e9],
  ['7b1', 7.069e9, 366e9],
]);

// ObsScaling (Ruan et al. 2024, arXiv 2405.10938; github.com/ryoungj/ObsScaling, base_llm_benchmark_eval.csv):
// parameters and pretraining tokens as that table lists them, for the families their own reports leave vague.
const OBS = 'Ruan et al. 2024 (arXiv 2405.10938), ObsScaling base_llm_benchmark_eval.csv';
family('yi', 'Yi', `Young et al. 2024 (arXiv 2403.04652); ${OBS}`, [
  ['6b', 6e9, 3e12],
  ['9b', 9e9, 3.6e12],
  ['34b', 34e9, 3e12],
]);
family('yi-1.5', 'Yi-1.5', OBS, [
  ['6b', 6e9, 3.6e12],
  ['9b', 9e9, 3.6e12],
  ['34b', 34e9, 3.6e12],
]);
// Gemma 1: Gemma Team 2024 (arXiv 2403.08295), Table 2 (parameters incl. embeddings) and Sec. 3 (tokens).
family('gemma', 'Gemma', 'Gemma Team 2024, arXiv 2403.08295, Table 2 and Sec. 3', [
  ['2b', 2.51e9, 3e12],
  ['7b', 8.54e9, 6e12],
]);
// Qwen1.5: no technical report; sizes and tokens from ObsScaling (which lists no token count for 110B).
family('qwen1.5', 'Qwen1.5', `qwenlm.github.io/blog/qwen1.5; ${OBS}`, [
  ['0.5b', 0.5e9, 2.4e12],
  ['1.8b', 1.8e9, 2.4e12],
  ['4b', 4e9, 2.4e12],
  ['7b', 7e9, 4e12],
  ['14b', 14e9, 4e12],
  ['32b', 32e9, 4e12],
  ['72b', 72e9, 3e12],
  ['110b', 110e9, undefined],
]);
// Qwen2: Yang et al. 2024 (arXiv 2407.10671), Table 1 (sizes) and Sec. 3.1 (12T tokens for 0.5B, 7T for the rest).
family('qwen2', 'Qwen2', 'Yang et al. 2024, arXiv 2407.10671, Table 1 and Sec. 3.1', [
  ['0.5b', 0.49e9, 12e12],
  ['1.5b', 1.54e9, 7e12],
  ['7b', 7.07e9, 7e12],
  ['72b', 72.71e9, 7e12],
]);
// Mistral 7B: Jiang et al. 2023 (arXiv 2310.06825); the training tokens were never published.
family('mistral', 'Mistral', 'Jiang et al. 2023, arXiv 2310.06825 (training tokens not published)', [
  ['7b', 7.24e9, undefined],
  ['7b-v0.1', 7.24e9, undefined],
  ['7b-v0.3', 7.25e9, undefined],
]);

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
