/**
 * Colour-blind-safe colours (Okabe & Ito 2008, "Color Universal Design"). Yellow (#F0E442) is left out of the
 * categorical cycle: it is unreadable as a thin line on white.
 */
import { hsl } from 'd3';
import { METHOD_CATALOGUE } from '../core/methods/catalogue.ts';

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#999999',
} as const;

export type ClassKey =
  'extrapolatable' | 'non-extrapolatable' | 'non-emergent' | 'outlier' | 'zero' | 'missing';

/** Question/cluster classes: the predictable set is blue; the excluded kinds fade from vermillion to grey. */
export const CLASS_COLORS: Record<ClassKey, string> = {
  extrapolatable: OKABE_ITO.blue,
  'non-extrapolatable': OKABE_ITO.vermillion,
  'non-emergent': OKABE_ITO.orange,
  outlier: OKABE_ITO.reddishPurple,
  zero: OKABE_ITO.grey,
  missing: '#D9D9D9',
};

// Clusters take Paul Tol's "muted" hues, none of which is a class colour above: a cluster is never mistaken for a
// class (non-emergent, outlier, …) on the same plot.
const CYCLE = ['#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#882255', '#AA4499', '#DDCC77'];

/** Colours of clusters past the base hues, made once each. */
const shifted = new Map<number, string>();

/**
 * Colour of cluster `i` (0-based); the same i always gets the same colour, never a class colour. Past the base hues each further
 * lap turns the hue a little and alternates lighter/darker, so ids stay distinct; negative ids (noise,
 * unassigned) are grey. Black is kept for the actual score.
 */
export function clusterColor(i: number): string {
  if (!Number.isInteger(i) || i < 0) return OKABE_ITO.grey;
  const base = CYCLE[i % CYCLE.length];
  const lap = Math.floor(i / CYCLE.length);
  if (lap === 0) return base;
  // asked once per question of a plot (100,000 on a large benchmark): the colour conversion is done once per cluster
  let hex = shifted.get(i);
  if (hex === undefined) {
    const c = hsl(base);
    c.h = (c.h + 12 * lap) % 360;
    c.l = Math.min(0.78, Math.max(0.22, c.l + (lap % 2 === 1 ? 0.14 : -0.12)));
    shifted.set(i, (hex = c.formatHex()));
  }
  return hex;
}

/** Prediction methods: each method's colour from the method catalogue, and black for the actual score. */
export const METHOD_COLORS: Record<string, string> = {
  ...Object.fromEntries(METHOD_CATALOGUE.map((m) => [m.id, m.colour])),
  actual: OKABE_ITO.black,
};
