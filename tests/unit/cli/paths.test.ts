/** Issue 14, finding 7: file arguments keep their folders, links are followed within a folder, nothing is an error. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/core/ingest/index.ts';
import { nodeInputSelection } from '../../../src/node/files.ts';
import { fixture } from '../ingest/helpers.ts';
import { runCli } from './helpers.ts';

const OC = fixture('opencompass/20240601_120000/results/llama-2-7b-hf/gsm8k.json');
const HELM = fixture(
  'helm/runs/v1/mmlu:subject=anatomy,method=multiple_choice_joint,model=meta_llama-2-7b/per_instance_stats.json',
);

describe('CLI paths', () => {
  it('keeps the folders of a file given by path (OpenCompass and HELM work file by file)', async () => {
    for (const p of [OC, relative(process.cwd(), OC), HELM]) {
      const { files } = await nodeInputSelection([p]);
      const r = await importFiles(files);
      expect(r.files[0].error).toBeUndefined();
      expect(r.files[0].rows).toBeGreaterThan(0);
    }
  });

  it('follows symbolic links within the folder once, and names those it does not follow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-links-'));
    const data = join(dir, 'data');
    mkdirSync(join(data, 'real'), { recursive: true });
    writeFileSync(join(data, 'real', 's.scores.csv'), 'model,benchmark,question,score\nm,b,q,0.5\n');
    symlinkSync(join(data, 'real', 's.scores.csv'), join(data, 'linked.scores.csv'));
    symlinkSync(data, join(data, 'real', 'loop'));
    writeFileSync(join(dir, 'outside.scores.csv'), 'model,benchmark,question,score\nm,b,q,0.5\n');
    symlinkSync(join(dir, 'outside.scores.csv'), join(data, 'out.scores.csv'));
    symlinkSync(join(dir, 'missing'), join(data, 'broken.csv'));
    const { files, notes } = await nodeInputSelection([data]);
    expect(files.map((f) => f.path).sort()).toEqual(['data/linked.scores.csv', 'data/real/s.scores.csv']);
    expect(notes.join('\n')).toMatch(
      /out\.scores\.csv: a symbolic link to .*outside\.scores\.csv, outside the folder given; skipped/,
    );
    expect(notes.join('\n')).toMatch(/broken\.csv: a broken symbolic link; skipped/);
  });

  it('makes an empty selection an error', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sc-empty-'));
    await expect(nodeInputSelection([empty])).rejects.toThrow(/^no files found in /);
    const r = await runCli(['inspect', empty]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no files found in/);
  });
});
