export * from './catalogue.ts';
export { asMethod, getMethod, METHODS, runMethods, type Method } from './registry.ts';
