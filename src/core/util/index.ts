/** Small shared helpers. */
export * from './clamp.ts';
export * from './portable-math.ts';
export * from './random.ts';
export * from './softmax.ts';
