/**
 * The mapping plot: the ladder's (subset, full) points named by model, the anchors, the fitted mapping or the
 * decomposed step, and the target drawn apart from the ladder and labelled. Scores in [0,1].
 */
import type { BenchmarkPrediction, MappingKind } from '../../core/study/types.ts';
import { OKABE_ITO } from '../palette.ts';
import type { CurveSeries } from '../plots/types.ts';

/** The target's colour: distinct from the ladder (blue), the anchors (green) and the mapping (black). */
export const TARGET_COLOUR = OKABE_ITO.vermillion;

/**
 * The series of the mapping plot for one COD prediction. `curve` is the fitted mapping on [0,1] (null for the
 * decomposed step, which is drawn as full = r·subset + (1−r)·rest at the target, r the subset's share).
 */
export function mappingSeries(
  pred: BenchmarkPrediction,
  curve: { x: number; y: number }[] | null,
  kind: MappingKind,
  target: string,
): CurveSeries[] {
  const cod = pred.cod;
  if (!cod) return [];
  const out: CurveSeries[] = [
    {
      id: 'ladder',
      label: 'ladder model',
      color: OKABE_ITO.blue,
      points: cod.ladder.map((l) => ({ x: l.subset, y: l.full, label: l.model })),
    },
  ];
  const anchors = (compatible: boolean) => cod.anchors.filter((a) => a.compatible === compatible);
  for (const [id, label, color, list] of [
    ['anchors', 'anchor', OKABE_ITO.bluishGreen, anchors(true)],
    ['anchors-off', 'anchor (not compatible, unused)', OKABE_ITO.grey, anchors(false)],
  ] as const) {
    if (list.length)
      out.push({ id, label, color, points: list.map((a) => ({ x: a.subset, y: a.full, label: a.model })) });
  }
  const step = kind === 'decomposed' ? decomposedStep(pred) : null;
  if (step) out.push(step);
  else if (curve)
    out.push({
      id: 'mapping',
      label: `mapping (${cod.mapping?.kind ?? kind})`,
      color: OKABE_ITO.black,
      line: curve,
    });
  out.push({
    id: 'identity',
    label: 'y = x',
    color: OKABE_ITO.grey,
    line: [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ],
    dashed: true,
    width: 1,
  });
  if (Number.isFinite(cod.subsetPredicted) && Number.isFinite(pred.predicted) && pred.status !== 'refused') {
    out.push({
      id: 'predicted',
      label: 'target, predicted',
      color: TARGET_COLOUR,
      emphasis: true,
      points: [{ x: cod.subsetPredicted, y: pred.predicted, label: `${target} (predicted)` }],
    });
  }
  if (pred.actual !== null && cod.subsetActual !== null) {
    out.push({
      id: 'actual',
      label: 'target, actual',
      color: OKABE_ITO.black,
      emphasis: true,
      points: [{ x: cod.subsetActual, y: pred.actual, label: `${target} (actual)` }],
    });
  }
  return out;
}

/** The decomposed step at the target: full = r·subset + (1−r)·rest, a line through the predicted point. */
function decomposedStep(pred: BenchmarkPrediction): CurveSeries | null {
  const cod = pred.cod!;
  const r = cod.subsetRatio;
  if (!(r > 0 && r < 1) || !Number.isFinite(cod.subsetPredicted) || !Number.isFinite(pred.predicted))
    return null;
  const rest = (pred.predicted - r * cod.subsetPredicted) / (1 - r);
  return {
    id: 'mapping',
    label: `decomposed: ${(r * 100).toFixed(0)}% subset + ${((1 - r) * 100).toFixed(0)}% rest (rest at target ${(rest * 100).toFixed(1)}%)`,
    color: OKABE_ITO.black,
    line: [
      { x: 0, y: (1 - r) * rest },
      { x: 1, y: r + (1 - r) * rest },
    ],
  };
}
