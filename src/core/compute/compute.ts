/** Compute notation and the model registry (FLOPs throughout). */
export * from './notation.ts';
export * from './registry.ts';
