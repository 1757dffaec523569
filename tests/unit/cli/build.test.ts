import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script without type declarations
import { INPUTS_FILE } from '../../../scripts/build-cli.mjs';
import { runCli } from './helpers.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const node = (args: string[]) => promisify(execFile)('node', args, { cwd: repo });

describe('the precompiled CLI', () => {
  it('runs from dist-cli/, rebuilt when a file it read is newer, with the same help as the sources', async () => {
    const v = await node(['bin/scalecast.mjs', '--version']);
    expect(v.stdout).toMatch(/^scalecast \d+\.\d+\.\d+\n$/);
    // built after every file it read, and those are the sources of the commands and workers
    const inputs: string[] = JSON.parse(readFileSync(INPUTS_FILE, 'utf8'));
    expect(inputs).toEqual(
      expect.arrayContaining([
        'src/cli.ts',
        'src/cli/cluster.ts',
        'src/node/meanshift.worker.ts',
        'src/core/cluster/meanshift.ts',
        'package.json',
        'scripts/build-cli.mjs',
      ]),
    );
    const time = statSync(`${repo}dist-cli/cli.mjs`).mtimeMs;
    for (const p of inputs) expect(statSync(`${repo}${p}`).mtimeMs, p).toBeLessThanOrEqual(time);
    const built = await node([
      '--input-type=module',
      '-e',
      "const { main } = await import('./dist-cli/cli.mjs'); process.exitCode = await main(['cluster', '--help']);",
    ]);
    expect(built.stdout).toBe((await runCli(['cluster', '--help'])).stdout);
  });
});
