// The tests read real data and reference outputs from the shared folder beside the clone (../shared: data/ and
// reference/). Without it they stop at once with one message instead of failing one by one.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What is missing of the shared folder (SCALECAST_SHARED_DIR, default ../shared beside the clone), or null. */
export function missingShared(dir = process.env.SCALECAST_SHARED_DIR || join(repo, '..', 'shared')) {
  const where = resolve(dir);
  const missing = ['data', 'reference'].filter((d) => !existsSync(join(where, d)));
  if (!missing.length) return null;
  return (
    `the tests need the shared folder with ${missing.map((m) => `${m}/`).join(' and ')} at ${where}\n` +
    `  (it sits beside the clone as ../shared: ../shared/data holds the real result files and\n` +
    `  ../shared/reference the reference outputs). Put it there, then run the tests again.`
  );
}

/** vitest globalSetup: stops the run before any test when the shared folder is missing. */
export default function setup() {
  const message = missingShared();
  if (message) {
    process.stderr.write(`\nscalecast tests: ${message}\n`);
    process.exit(1);
  }
}
