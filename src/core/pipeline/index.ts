/** The staged COD pipeline (prepare → features → clustering → fits → classes, mapping, prediction), its cache and the page's engine. */
export * from './stages.ts';
export * from './cache.ts';
export * from './predict.ts';
export * from './engine.ts';
export * from './features.ts';
export * from './clustering.ts';
export * from './seeding.ts';
export * from './clusterfit.ts';
export * from './benchmark.ts';
export * from './classes.ts';
export * from './decompose.ts';
export * from './mapping.ts';
export * from './requirements.ts';
export * from './projection.ts';
export * from './difficulty.ts';
export * from './curves.ts';
