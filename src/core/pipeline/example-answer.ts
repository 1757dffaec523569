/**
 * The built-in example's first answer, computed as the page's two compute workers compute it (COD on one, the
 * baselines and the default on the other, merged), on the inputs the page opens the example with: its default
 * target, the product parameters and the first benchmark selected.
 */
import { runBaselines } from '../methods/baselines/index.ts';
import { defaultSteps } from '../methods/default-steps.ts';
import { exampleStudy } from '../simulate/simulate.ts';
import { DEFAULT_PARAMS } from '../study/params.ts';
import { resolveTarget } from '../study/target.ts';
import type { ExampleAnswer } from './answers.ts';
import { mergeAnswers } from './answers.ts';
import { ComputeEngine, type ComputeRequest } from './engine.ts';
import { defaultTarget } from './predict.ts';

export async function computeExampleAnswer(): Promise<ExampleAnswer> {
  const study = exampleStudy();
  const chosen = defaultTarget(study);
  if (!chosen) throw new Error('the example study has no model with compute');
  const target = resolveTarget(study, chosen.name);
  const params = { ...DEFAULT_PARAMS };
  const benchmark = study.benchmarks[0]?.name ?? null;
  const engine = () => {
    const e = new ComputeEngine({
      runBaselines: async () => runBaselines,
      defaultSteps: async () => defaultSteps,
      yieldNow: async () => {},
    });
    e.setStudy(study, 1);
    return e;
  };
  const req: ComputeRequest = { requestId: 1, target, params, benchmark, baselines: false, default: false };
  const [cod, side] = await Promise.all([
    engine().run(req),
    engine().run({ ...req, benchmark: null, baselines: true, cod: false, default: true }),
  ]);
  const response = mergeAnswers(cod, side);
  if (response.status !== 'done') throw new Error(`the example's answer stopped (${response.status})`);
  return { target, params, benchmark, response };
}
