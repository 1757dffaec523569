/** Notation parsing (FLOPs, planned runs) and the registry of open model families with sources. */
export * from './compute.ts';
