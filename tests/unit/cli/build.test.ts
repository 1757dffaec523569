import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script without type declarations
import { newestSource } from '../../../scripts/build-cli.mjs';
import { runCli } from './helpers.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const node = (args: string[]) => promisify(execFile)('node', args, { cwd: repo });

describe('the precompiled CLI', () => {
  it('runs from dist-cli/, rebuilt when a source is newer, with the same help as the sources', async () => {
    const v = await node(['bin/scalecast.mjs', '--version']);
    expect(v.stdout).toMatch(/^scalecast \d+\.\d+\.\d+\n$/);
    expect(statSync(`${repo}dist-cli/cli.mjs`).mtimeMs).toBeGreaterThanOrEqual(newestSource());
    const built = await node([
      '--input-type=module',
      '-e',
      "const { main } = await import('./dist-cli/cli.mjs'); process.exitCode = await main(['cluster', '--help']);",
    ]);
    expect(built.stdout).toBe((await runCli(['cluster', '--help'])).stdout);
  });
});
