#!/usr/bin/env node
// The whole test suite: unit tests in node and browser tests in Debian's Chromium (driven by playwright-core).
// Chromium is installed here when missing and we are root with apt; otherwise we stop and say how to get it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { missingShared } from '../tests/shared-guard.mjs';
import { chromiumPath } from './chromium.mjs';

function ensureChromium() {
  if (chromiumPath()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium not found: installing Debian package "chromium" with apt-get …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
      const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
      if (r.status !== 0) fail(`apt-get ${args.join(' ')} failed (exit ${r.status}).`);
    }
    if (chromiumPath()) return;
  }
  fail(
    'The browser tests need Chromium and none was found.\n' +
      '  On Debian/Ubuntu: sudo apt-get install chromium   (or set CHROMIUM_PATH=/path/to/chromium)\n' +
      '  Unit tests alone: npm run test:unit',
  );
}

function fail(message) {
  console.error(`\nscalecast tests: ${message}`);
  process.exit(1);
}

const shared = missingShared();
if (shared) fail(shared);
ensureChromium();
const r = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=./tests/summary-reporter.ts'],
  {
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);
