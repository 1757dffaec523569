/** Simulated studies for tests, benchmarks and the report. */
export * from './simulate.ts';
export * from './assemble.ts';
export * from './irt.ts';
export * from './logistic.ts';
export * from './choices.ts';
export * from './checkpoints.ts';
