import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.ts';

// A study known only from full-set scores (a leaderboard's table): models.csv and metrics.csv, no scores.csv.
const dir = mkdtempSync(join(tmpdir(), 'scalecast-metrics-only-'));
const models = ['m1', 'm2', 'm3', 'm4', 'm5', 'big'];
const flops = models.map((_, i) => 1e19 * 10 ** i);
writeFileSync(
  join(dir, 'board.models.csv'),
  [
    'model,params,tokens,flops,role',
    ...models.map((m, i) => `${m},,,${flops[i]},${m === 'big' ? 'target' : 'ladder'}`),
  ].join('\n'),
);
writeFileSync(
  join(dir, 'board.metrics.csv'),
  [
    'model,benchmark,value',
    ...models.map(
      (m, i) => `${m},arc,${(0.25 + 0.75 / (1 + Math.exp(-1.2 * (Math.log10(flops[i]) - 21)))).toFixed(4)}`,
    ),
  ].join('\n'),
);
const files = ['board.models.csv', 'board.metrics.csv'].map((f) => join(dir, f));

describe('a study of full-set scores only', () => {
  it('is backtested with the methods that need no per-question results; the others say why not', async () => {
    const r = await runCli([
      'backtest',
      ...files,
      '--methods',
      'default,e2e-exp,e2e-passrate,largest',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout).targets[0].rows as {
      method: string;
      predicted: number | null;
      note: string;
    }[];
    for (const m of ['default', 'e2e-exp', 'largest'])
      expect(rows.find((x) => x.method === m)?.predicted).toBeGreaterThan(0.5);
    const pass = rows.find((x) => x.method === 'e2e-passrate');
    expect(pass?.predicted).toBeNull();
    expect(pass?.note).toMatch(/needs per-question pass rates/);
  });
  it('is refused by the ablations, which cluster questions, with the reason', async () => {
    const r = await runCli(['ablate', ...files]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/full-set scores only; the ablations cluster per-question results/);
  });
});
