/** Compute notations (FLOPs, "70B on 15T tokens", planned runs) and the registry of open model families with sources. */
export * from './notation.ts';
export * from './registry.ts';
