import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript test setup without type declarations
import { missingShared } from '../shared-guard.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('tests without the shared folder', () => {
  it('stop at once with one message naming what is missing and where to put it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'scalecast-noshared-'));
    const r = await promisify(execFile)('node', ['scripts/test.mjs'], {
      cwd: repo,
      env: { ...process.env, SCALECAST_SHARED_DIR: empty },
    }).catch((e) => e);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')[0]).toBe(
      `scalecast tests: the tests need the shared folder with data/ and reference/ at ${empty}`,
    );
    expect(r.stderr).toMatch(/beside the clone as \.\.\/shared/);
    mkdirSync(join(empty, 'data'));
    expect(missingShared(empty)).toMatch(/with reference\/ at/);
    mkdirSync(join(empty, 'reference'));
    expect(missingShared(empty)).toBeNull();
  });
});
