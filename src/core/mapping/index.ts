/** Numerical primitives of the subset→full mapping: B-splines, isotonic regression, PCHIP. */
export * from './bspline.ts';
export * from './isotonic.ts';
export * from './pchip.ts';
