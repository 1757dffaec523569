/** The study model, the parameter registry and the target. */
export * from './study.ts';
export * from './types.ts';
export * from './params.ts';
export * from './edit.ts';
export * from './target.ts';
export * from './sample.ts';
