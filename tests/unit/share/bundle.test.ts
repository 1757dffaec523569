import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8 } from 'fflate';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import {
  APP_FILES,
  DATA_FILE,
  MANIFEST_FILE,
  bundleFiles,
  bundleIndexHtml,
  gunzipText,
  parseManifest,
} from '../../../src/share/bundle.ts';
import { decodeState } from '../../../src/share/url.ts';
import { decodeSession } from '../../../src/core/session/file.ts';
import { runCli } from '../cli/helpers.ts';

const HTML = '<!doctype html><html><head><title>scalecast</title></head><body></body></html>';
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'scalecast-bundle-test-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('bundle files', () => {
  it('write the manifest, the gzipped study and an index.html that names the manifest', () => {
    const app = new Map([
      ['index.html', strToU8(HTML)],
      ['assets/app.js', strToU8('x')],
    ]);
    const files = bundleFiles(app, '{"a":1}', 'Ladder <b>"1"</b>', 'target=m&quantile=0.2');
    expect([...files.keys()].sort()).toEqual(['analysis.json', 'assets/app.js', 'index.html', DATA_FILE]);
    const html = new TextDecoder().decode(files.get('index.html'));
    expect(html).toContain('<meta name="scalecast-bundle" content="analysis.json" />');
    expect(html).toContain('<title>Ladder &#60;b&#62;&#34;1&#34;&#60;/b&#62; · scalecast</title>');
    expect(html).not.toContain('<b>');
    expect(gunzipText(files.get(DATA_FILE)!)).toBe('{"a":1}');
    const manifest = parseManifest(new TextDecoder().decode(files.get(MANIFEST_FILE)), 'm.json');
    expect(manifest).toMatchObject({
      title: 'Ladder <b>"1"</b>',
      data: DATA_FILE,
      settings: 'target=m&quantile=0.2',
    });
    // Publishing a published page again replaces the tag instead of adding a second one.
    expect(bundleIndexHtml(html, 'x').match(/scalecast-bundle/g)).toHaveLength(1);
  });

  it('refuse manifests that point outside the site or are not ours', () => {
    const ok = { format: 'scalecast-bundle', version: 1, title: 't', data: DATA_FILE, settings: '' };
    const bad = (m: object) => () => parseManifest(JSON.stringify({ ...ok, ...m }), 'analysis.json');
    expect(bad({})).not.toThrow();
    expect(bad({ data: '../secret.gz' })).toThrow(/analysis\.json: field "data": expected a file name/);
    expect(bad({ data: 'https://evil.example/x.gz' })).toThrow(/field "data"/);
    expect(bad({ format: 'other' })).toThrow(/not a scalecast bundle manifest/);
    expect(bad({ title: 5 })).toThrow(/field "title"/);
    expect(() => parseManifest('{', 'analysis.json')).toThrow(
      /analysis\.json: not a scalecast bundle manifest \(invalid JSON/,
    );
  });
});

describe('scalecast bundle', () => {
  function fakeApp(): string {
    const dir = tmp();
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), HTML);
    writeFileSync(join(dir, 'assets/index.js'), 'export {}');
    writeFileSync(join(dir, APP_FILES), JSON.stringify(['assets/index.js', 'index.html']));
    return dir;
  }

  /** A small canonical study: 6 models with growing compute, 30 questions of one benchmark. */
  function studyFiles(): string[] {
    const dir = tmp();
    const models = ['model,params,tokens,flops,role'];
    const scores = ['model,benchmark,question,score'];
    for (let m = 0; m < 6; m++) {
      models.push(`model-${m},,,${(10 ** (20 + m / 2)).toExponential()},ladder`);
      for (let q = 0; q < 30; q++)
        scores.push(`model-${m},b,q${q},${Math.min(1, (m * (q % 7)) / 30).toFixed(3)}`);
    }
    writeFileSync(join(dir, 'sim.models.csv'), models.join('\n') + '\n');
    writeFileSync(join(dir, 'sim.scores.csv'), scores.join('\n') + '\n');
    return [join(dir, 'sim.models.csv'), join(dir, 'sim.scores.csv')];
  }

  it('writes a site whose study and settings are what the command was given', async () => {
    const app = fakeApp();
    const out = join(tmp(), 'site');
    const inputs = studyFiles();
    const target = 'model-5';
    const r = await runCli([
      'bundle',
      ...inputs,
      '--out',
      out,
      '--app',
      app,
      '--target',
      target,
      '--set',
      'quantile=0.2',
      '--set',
      'law=f2',
      '--title',
      'My ladder',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const manifest = parseManifest(readFileSync(join(out, MANIFEST_FILE), 'utf8'), MANIFEST_FILE);
    expect(manifest.title).toBe('My ladder');
    const { state, problems } = decodeState(manifest.settings);
    expect(problems).toEqual([]);
    expect(state?.params).toEqual({ ...DEFAULT_PARAMS, quantile: 0.2, law: 'f2' });
    expect(state?.target).toEqual({ kind: 'model', name: target });
    const rec = decodeSession(gunzipText(readFileSync(join(out, DATA_FILE))), DATA_FILE, DEFAULT_PARAMS);
    expect(rec.study.benchmarks.map((b) => b.name)).toEqual(['b']);
    expect(readFileSync(join(out, 'assets/index.js'), 'utf8')).toBe('export {}');
    expect(JSON.parse(readFileSync(join(out, APP_FILES), 'utf8'))).toEqual(['assets/index.js', 'index.html']);
  });

  it('refuses bad settings, unknown targets and a non-empty folder with a message', async () => {
    const app = fakeApp();
    const inputs = studyFiles();
    const out = tmp();
    const bad = await runCli([
      'bundle',
      ...inputs,
      '--out',
      join(out, 's'),
      '--app',
      app,
      '--set',
      'quantile=abc',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/quantile must be a number/);
    const unknown = await runCli([
      'bundle',
      ...inputs,
      '--out',
      join(out, 's'),
      '--app',
      app,
      '--target',
      'nope',
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /"nope" is not a model of the study; give its compute with --target-flops/,
    );
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const full = await runCli(['bundle', ...inputs, '--out', out, '--app', app]);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/folder is not empty and holds no bundle/);
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('mine');
  });
});
