export * from './catalogue.ts';
export * from './default.ts';
export { asMethod, getMethod, METHODS, runMethods, type Method } from './registry.ts';
