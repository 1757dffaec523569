import { afterEach, describe, expect, it, vi } from 'vitest';
import { gzipSync, strToU8, zipSync } from 'fflate';
import { DATA_LIMITS, dataUrl, fetchData, unzipFiles } from '../../../src/share/data.ts';

const PAGE = 'https://team.example/tools/scalecast/?data=x';

function serveOnce(status: number, body: Uint8Array = new Uint8Array()) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: URL) => {
    calls.push(String(url));
    return new Response(body as BodyInit, { status, statusText: status === 404 ? 'Not Found' : 'OK' });
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('?data= loading', () => {
  it('resolves relative URLs next to the page and refuses other schemes', () => {
    expect(dataUrl('runs/a.zip', PAGE).href).toBe('https://team.example/tools/scalecast/runs/a.zip');
    expect(() => dataUrl('javascript:alert(1)', PAGE)).toThrow(
      'Could not load javascript:alert(1): only http(s) URLs can be opened',
    );
    expect(() => dataUrl('file:///etc/passwd', PAGE)).toThrow(/only http\(s\) URLs/);
  });

  it('says which URL failed and why', async () => {
    serveOnce(404);
    await expect(fetchData('missing.zip', PAGE)).rejects.toThrow(
      'Could not load missing.zip: HTTP 404 Not Found',
    );
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(fetchData('https://other.example/s.zip', PAGE)).rejects.toThrow(
      /^Could not load https:\/\/other\.example\/s\.zip: Failed to fetch \(the server is unreachable, does not allow this origin \(CORS\)/,
    );
  });

  it('tells a gzipped session, a zip of results and a single results file apart', async () => {
    const calls = serveOnce(200, gzipSync(strToU8('{"format":"scalecast-session"}')));
    expect(await fetchData('s/study.scalecast.json.gz', PAGE)).toEqual({
      kind: 'session',
      url: 's/study.scalecast.json.gz',
      text: '{"format":"scalecast-session"}',
    });
    expect(calls).toEqual(['https://team.example/tools/scalecast/s/study.scalecast.json.gz']);

    serveOnce(
      200,
      zipSync({
        'run/a.models.csv': strToU8('m'),
        '__MACOSX/x': strToU8('junk'),
        'run/.DS_Store': strToU8(''),
      }),
    );
    const zip = await fetchData('runs.zip', PAGE);
    expect(zip.kind).toBe('files');
    const files = zip.kind === 'files' ? zip.files : [];
    expect(files.map((f) => [f.name, (f as File & { relativePath: string }).relativePath])).toEqual([
      ['a.models.csv', 'run/a.models.csv'],
    ]);

    serveOnce(200, strToU8('{"results": {}}'));
    const one = await fetchData('https://other.example/out/results_1.json', PAGE);
    expect(one.kind === 'files' && one.files.map((f) => f.name)).toEqual(['results_1.json']);
  });

  it('refuses a zip that unpacks to more files than the limit, naming the URL', () => {
    const many = Object.fromEntries(
      Array.from({ length: DATA_LIMITS.entries + 1 }, (_, i) => [`f${i}.json`, new Uint8Array()]),
    );
    expect(() => unzipFiles(zipSync(many), 'big.zip')).toThrow(
      `big.zip: more than ${DATA_LIMITS.entries} files in the zip`,
    );
  });
});
