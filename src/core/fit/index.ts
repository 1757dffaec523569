export { leastSquares } from './solver.ts';
export type { LeastSquaresProblem, LeastSquaresOptions, LeastSquaresResult } from './solver.ts';
export { LAW_UNIT, toLawUnits, LAWS } from './laws.ts';
export type { Law, Bounds } from './laws.ts';
export { fitLaw, lawValue, lawInterval, withNoiseOf } from './fit.ts';
export type { FitOptions } from './fit.ts';
export { bnslBruteGrid } from './bnsl.ts';
