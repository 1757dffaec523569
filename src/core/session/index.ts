/** The saved session and the shared session file: its record, upgrades and checker, and the pinned runs it carries. */
export * from './schema.ts';
export * from './check.ts';
export * from './runs.ts';
export * from './file.ts';
