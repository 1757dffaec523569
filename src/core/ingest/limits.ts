/**
 * Every size limit the readers enforce, in one place (documented in the README under "Limits"). Each guards memory
 * or time against a hostile or corrupt file; crossing one is an error that names the limit, never a crash.
 */

/** Longest text line (lm-eval JSONL line, CSV line or quoted CSV record), in characters. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** Largest uncompressed entry of a zip archive (Inspect `.eval`), in bytes. */
export const MAX_ZIP_ENTRY_BYTES = 256 * 1024 * 1024;

/** Largest total of the uncompressed entries read from one zip archive, in bytes. */
export const MAX_ZIP_TOTAL_BYTES = 2 * 1024 * 1024 * 1024;

/** Most entries in one zip archive. */
export const MAX_ZIP_ENTRIES = 1_000_000;

/** Most epochs (Inspect), replicas (OpenCompass), train trials (HELM) or trials (CSV) behind one score. */
export const MAX_TRIALS = 100_000;

/** Most cells (questions × models) of one benchmark's score matrix. */
export const MAX_CELLS = 20_000_000;

/** Deepest nesting of arrays and objects in a JSON file. */
export const MAX_JSON_DEPTH = 1_000;

/** Largest parameter count and token count in a models file. */
export const MAX_COUNT = 1e18;

/** Largest training compute in FLOPs. */
export const MAX_FLOPS = 1e35;

/** The limits as the README lists them: name, value, what it bounds. */
export const LIMITS: readonly { name: string; value: string; bounds: string }[] = [
  { name: 'MAX_LINE_CHARS', value: '64 Mi characters', bounds: 'one text line, or one quoted CSV record' },
  { name: 'MAX_ZIP_ENTRY_BYTES', value: '256 MiB', bounds: 'one uncompressed entry of an Inspect .eval' },
  { name: 'MAX_ZIP_TOTAL_BYTES', value: '2 GiB', bounds: 'all uncompressed entries read from one .eval' },
  { name: 'MAX_ZIP_ENTRIES', value: '1,000,000', bounds: 'entries in one .eval' },
  {
    name: 'MAX_TRIALS',
    value: '100,000',
    bounds: 'epochs, replicas, train trials or trials behind one score',
  },
  { name: 'MAX_CELLS', value: '20,000,000', bounds: 'questions × models of one benchmark' },
  { name: 'MAX_JSON_DEPTH', value: '1,000', bounds: 'nesting of arrays and objects in a JSON file' },
  { name: 'MAX_COUNT', value: '1e18', bounds: 'params and tokens of a model' },
  { name: 'MAX_FLOPS', value: '1e35', bounds: 'training compute of a model' },
];
