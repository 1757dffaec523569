/** Labels, colours and interval flags of the prediction methods, read from the method catalogue of core. */
import { methodInfo } from '../../core/methods/catalogue.ts';
import { OKABE_ITO } from '../palette.ts';

export interface MethodLook {
  label: string;
  colour: string;
  /** False for methods that give a point only: no interval is drawn or printed for them. */
  hasInterval: boolean;
}

/** How a method is shown; an unknown id keeps its id as label, in grey, without an interval. */
export function methodLook(id: string): MethodLook {
  const m = methodInfo(id);
  return m
    ? { label: m.label, colour: m.colour, hasInterval: m.hasInterval }
    : { label: id, colour: OKABE_ITO.grey, hasInterval: false };
}
