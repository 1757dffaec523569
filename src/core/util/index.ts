/** Small shared helpers. */
export * from './clamp.ts';
export * from './random.ts';
