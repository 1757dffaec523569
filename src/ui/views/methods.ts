/** Labels, colours and interval flags of the prediction methods, for every table, legend and chart of the page. */
import { METHOD_COLORS, OKABE_ITO } from '../palette.ts';

export interface MethodLook {
  label: string;
  colour: string;
  /** False for methods that give a point only: no interval is drawn or printed for them. */
  hasInterval: boolean;
}

const LOOKS: Record<string, MethodLook> = {
  cod: { label: 'COD', colour: METHOD_COLORS.cod, hasInterval: true },
  default: { label: 'Default (weighted)', colour: OKABE_ITO.black, hasInterval: true },
  'e2e-exp': { label: 'End-to-end (exp)', colour: METHOD_COLORS['e2e-exp'], hasInterval: true },
  'e2e-passrate': {
    label: 'End-to-end (pass rate)',
    colour: METHOD_COLORS['e2e-passrate'],
    hasInterval: true,
  },
  'e2e-gpt4': { label: 'End-to-end (GPT-4 report)', colour: '#8C6D31', hasInterval: false },
  bnsl: { label: 'BNSL', colour: METHOD_COLORS.bnsl, hasInterval: true },
  loss: { label: 'Loss-intermediate', colour: METHOD_COLORS.loss, hasInterval: true },
  'flp-m': { label: 'FLP-M', colour: METHOD_COLORS['flp-m'], hasInterval: true },
  largest: { label: 'Largest ladder model', colour: METHOD_COLORS.largest, hasInterval: false },
};

/** How a method is shown; an unknown id keeps its id as label, in grey, without an interval. */
export function methodLook(id: string): MethodLook {
  return LOOKS[id] ?? { label: id, colour: OKABE_ITO.grey, hasInterval: false };
}
