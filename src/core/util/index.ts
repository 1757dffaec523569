/** Small shared helpers. */
export * from './clamp.ts';
export * from './random.ts';
export * from './softmax.ts';
