/** Regression tests for the hostile-input findings of issue 14 (numbered as there). */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/core/ingest/index.ts';
import { MAX_ZIP_TOTAL_BYTES } from '../../../src/core/ingest/limits.ts';
import { readZipEntry, zipEntries } from '../../../src/core/ingest/zip.ts';
import { memFile } from './helpers.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const SCORES = 'model,benchmark,question,score,trials\n';
const MODELS = 'model,params,tokens,flops,role\n';

/** The one file's import error ('' when it imported). */
async function errorOf(path: string, content: string | Uint8Array, chunk = 4096): Promise<string> {
  const r = await importFiles([memFile(path, content, chunk)]);
  return r.files[0].error ?? '';
}

function evalZip(header: object, entries: Record<string, unknown> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = { 'header.json': enc(JSON.stringify(header)) };
  for (const [k, v] of Object.entries(entries)) files[k] = enc(JSON.stringify(v));
  return zipSync(files);
}

const header = (config: object = {}) => ({
  version: 2,
  status: 'success',
  eval: { task: 't', model: 'm/x', config, scorers: [{ name: 's' }] },
});
const sample = (id: number | string, epoch: number | undefined, value: unknown) => ({
  id,
  ...(epoch === undefined ? {} : { epoch }),
  scores: { s: { value } },
});

/** Offset of the central-directory record of entry `name` in a zip made by zipSync. */
function centralOffset(zip: Uint8Array, name: string): number {
  const n = enc(name);
  for (let i = zip.length - 46; i >= 0; i--) {
    if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 1 && zip[i + 3] === 2) {
      if (n.every((b, k) => zip[i + 46 + k] === b)) return i;
    }
  }
  throw new Error('entry not found');
}

describe('finding 2: CSV after a stray quote', () => {
  it('reads 1 MB with an unclosed quote on line 2 in one pass and names the line and field', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `m,b,q${i},0.5,1`);
    rows[0] = 'm,b,q0,"0.5,1';
    const err = await errorOf('s.scores.csv', SCORES + rows.join('\n') + '\n', 1 << 16);
    expect(err).toMatch(/^s\.scores\.csv, line 2: unterminated quoted field: field 4 opened on line 2/);
  });
});

describe('finding 3: no unbounded allocation', () => {
  it.each([
    [100_000_000, /above the limit 100000/],
    [2.5, /not an integer/],
    [5e9, /above the limit/],
    [0, /below 1/],
  ])('rejects epochs %s in header.json with the field named', async (epochs, why) => {
    const err = await errorOf('run.eval', evalZip(header({ epochs }), { 'reductions.json': [] }));
    expect(err).toMatch(/^run\.eval, field "eval\.config\.epochs": expected a whole number of epochs/);
    expect(err).toMatch(why);
  });

  it('refuses an entry declared over MAX_ZIP_ENTRY_BYTES before inflating it', async () => {
    const zip = evalZip(header(), { 'samples/1_epoch_1.json': sample(1, 1, 'C') });
    const at = centralOffset(zip, 'samples/1_epoch_1.json');
    new DataView(zip.buffer).setUint32(at + 24, 1024 ** 3, true);
    expect(await errorOf('big.eval', zip)).toMatch(
      /^big\.eval: entry "samples\/1_epoch_1\.json" is 1073741824 bytes uncompressed, over the limit \d+ \(MAX_ZIP_ENTRY_BYTES\)/,
    );
  });

  it('stops inflating at the declared size (a lying header) and at the archive total', async () => {
    const zip = evalZip(header(), { 'samples/1_epoch_1.json': sample(1, 1, 'C'.repeat(5000)) });
    const at = centralOffset(zip, 'samples/1_epoch_1.json');
    new DataView(zip.buffer).setUint32(at + 24, 100, true);
    expect(await errorOf('bomb.eval', zip)).toMatch(/inflates beyond its declared 100 bytes/);
    const entries = zipEntries(zip, 'x.eval');
    expect(() => readZipEntry(zip, entries[0], 'x.eval', { read: MAX_ZIP_TOTAL_BYTES - 10 })).toThrow(
      /limit MAX_ZIP_TOTAL_BYTES/,
    );
  });
});

describe('finding 4: no silent wrong acceptance', () => {
  it.each([
    ['m,b,q,0x1,1', /line 2, field "score": .*got "0x1" \(hex, binary and octal are not accepted\)/],
    ['m,b,q,0b1,1', /field "score": .*"0b1"/],
    ['m,b,q,0o1,1', /field "score": .*"0o1"/],
    ['m,b,q,0,5,3', /line 2: expected 5 fields as in the header, found 6 \(a decimal comma/],
    ['m,b,q,0.5,1,extra', /expected 5 fields as in the header, found 6/],
    ['m,b,q,0.5,4294967296', /field "trials": expected a positive integer .*above the limit 100000/],
    ['m,b,q,0.5,1e10', /field "trials": .*above the limit/],
    ['m,b,q,0.,1', /field "score": expected a number/],
    ['m,b,q,Infinity,1', /field "score"/],
  ])('scores row %s is an error naming line and field', async (row, why) => {
    expect(await errorOf('s.scores.csv', SCORES + row + '\n')).toMatch(why);
  });

  it.each([
    ['a,1e200,1e10,,', /field "params": .*above the limit/],
    ['a,1e17,1e18,,', /6 · params · tokens = .* above the limit/],
    ['a,,,0,', /field "flops": .*must be above 0/],
    ['a,,,-0,', /field "flops": .*must be above 0/],
    ['a,,,1e36,', /field "flops": .*above the limit/],
  ])('models row %s is an error', async (row, why) => {
    expect(await errorOf('s.models.csv', MODELS + row + '\n')).toMatch(why);
  });

  it('rejects CR-only line endings and a header without rows', async () => {
    expect(await errorOf('s.scores.csv', SCORES.replace('\n', '\r') + 'm,b,q,0.5,1\r')).toMatch(
      /bare carriage return/,
    );
    expect(await errorOf('s.scores.csv', SCORES)).toMatch(/no data rows after the header/);
    expect(await errorOf('s.models.csv', MODELS)).toMatch(/no data rows after the header/);
  });

  it('detects a last row cut short: missing fields and a cut number are errors, no final newline a warning', async () => {
    const body = SCORES + 'm,b,q1,0.4,10\nm,b,q2,0.4,10\n';
    const short = 'model,benchmark,question,score\nm,b,q1,0.4\nm,b,q2,0.4\n';
    expect(await errorOf('s.scores.csv', short + 'm,b,q3,0.')).toMatch(/line 4, field "score"/);
    expect(await errorOf('s.scores.csv', body + 'm,b,q3')).toMatch(/found 3 \(the file looks cut short\)/);
    const cut = await importFiles([memFile('s.scores.csv', body + 'm,b,q3,0.4,1')]);
    expect(cut.files[0].warnings).toContain(
      's.scores.csv: the last line (4) has no line ending, so the file may be cut short; check its last row',
    );
    const whole = await importFiles([memFile('s.scores.csv', body)]);
    expect(whole.files[0].warnings.join()).not.toMatch(/line ending/);
  });

  it('keeps a loss:__proto__ column as a domain', async () => {
    const r = await importFiles([memFile('s.models.csv', 'model,flops,loss:__proto__\na,1e20,2.5\n')]);
    expect(r.files[0].error).toBeUndefined();
    expect(Object.entries(r.study.models[0].domainLosses ?? {})).toEqual([['__proto__', 2.5]]);
  });

  const line = (id: string, acc: string, extra = '') =>
    `{"doc_id": ${id}, "filter": "none", "acc": ${acc}${extra}}`;
  it.each([
    [
      line('1', '1') + line('2', '0'),
      /line 2: invalid JSON at column \d+: unexpected text after the JSON value/,
    ],
    [line('1', '0x1'), /line 2: invalid JSON at column \d+: expected "," or "}"/],
    [line('1', '1', ', "doc": {"a": [1}'), /line 2: invalid JSON/],
    [line('1', '1', ', "doc": [[1]'), /line 2: invalid JSON/],
    [line('1', '007'), /line 2: invalid JSON at column \d+: number with a leading zero/],
    [line('1e30', '1'), /line 2, field "doc_id": expected a doc_id that is a string or a whole number/],
    [line('1000000000000000000000000000001', '1'), /line 2, field "doc_id"/],
    // what the engine's parser would take as a whole number, the strict reading refuses
    [line('1.0', '1'), /line 2, field "doc_id": expected a doc_id that is a string or a whole number/],
    [line('-0', '1'), /line 2, field "doc_id"/],
    [line('3', '1', ', "doc_id": 3.0'), /line 2, field "doc_id": .*got 3\.0/],
  ])('lm-eval line %s is an error', async (bad, why) => {
    const text = line('0', '1') + '\n' + bad + '\n';
    expect(await errorOf('m/samples_t_2024-01-01T00-00-00.0.jsonl', text)).toMatch(why);
  });

  it('checks each Inspect epoch and OpenCompass replica before averaging', async () => {
    const two = evalZip(header({ epochs: 2 }), {
      'samples/1_epoch_1.json': sample(1, 1, 1.5),
      'samples/1_epoch_2.json': sample(1, 2, -0.5),
    });
    expect(await errorOf('e.eval', two)).toMatch(
      /field "samples\[id=1\]\.scores\.s": expected a pass rate in \[0,1\], got "1\.5"/,
    );
    const oc = { details: [{ correct: [1.5, -0.5] }] };
    expect(await errorOf('results/m/d.json', JSON.stringify(oc))).toMatch(
      /field "details\.0\.correct\[0\]": expected a correctness .* got "1\.5"/,
    );
  });

  it('refuses one Inspect sample id repeated beyond the epochs', async () => {
    const log = {
      ...header({ epochs: 1 }),
      samples: Array.from({ length: 5 }, () => sample('q', undefined, 'C')),
    };
    expect(await errorOf('log.json', JSON.stringify(log))).toMatch(
      /sample "q" has more results \(epoch 2\) than the log's epochs \(1\)/,
    );
    const dup = { ...header({ epochs: 3 }), samples: [sample('q', 1, 'C'), sample('q', 1, 'I')] };
    expect(await errorOf('log.json', JSON.stringify(dup))).toMatch(/sample "q" has epoch 1 twice/);
  });
});

describe('finding 6: messages say line, field and encoding', () => {
  it('gives JSON errors with line and column', async () => {
    expect(await errorOf('results/m/d.json', '{\n  "details": [\n    {"correct": tru}\n  ]\n}')).toMatch(
      /^results\/m\/d\.json, line 3: invalid JSON at column 17/,
    );
  });

  it('reads deeply nested Inspect scores without a stack overflow', async () => {
    const deep = '{"v":'.repeat(100_000) + '"C"' + '}'.repeat(100_000);
    const text = JSON.stringify({ ...header(), samples: [{ id: 1, scores: { s: { value: 0 } } }] }).replace(
      '"value":0',
      `"value":${deep}`,
    );
    const r = await importFiles([memFile('log.json', text, 1 << 16)]);
    expect(r.files[0].error).toBeUndefined();
    expect(r.files[0].warnings.join()).toMatch(/could not be read as numbers/);
    const nan = text.replace('"C"', 'NaN');
    expect(await errorOf('log.json', nan)).toMatch(/nested deeper than 1000 levels .*limit MAX_JSON_DEPTH/);
  });

  it.each([
    ['UTF-16 LE', [0xff, 0xfe], 'utf-16le'],
    ['UTF-16 BE', [0xfe, 0xff], 'utf-16be'],
    ['UTF-16 LE', [], 'utf-16le'],
    ['UTF-32 LE', [0xff, 0xfe, 0, 0], 'utf-32le'],
    ['UTF-32 BE', [], 'utf-32be'],
  ])('names %s (BOM %j)', async (name, bom, kind) => {
    const text = SCORES + 'm,b,q,0.5,1\n';
    const units = [...text].map((c) => c.charCodeAt(0));
    const body = units.flatMap((u) =>
      kind === 'utf-16le'
        ? [u, 0]
        : kind === 'utf-16be'
          ? [0, u]
          : kind === 'utf-32le'
            ? [u, 0, 0, 0]
            : [0, 0, 0, u],
    );
    const bytes = Uint8Array.from([...bom, ...body]);
    expect(await errorOf('s.scores.csv', bytes, 3)).toBe(
      `s.scores.csv, line 1: the file is encoded as ${name}; save it as UTF-8 and import it again`,
    );
    expect(await errorOf('m/samples_t.jsonl', bytes)).toMatch(`encoded as ${name}`);
    expect(await errorOf('results/m/d.json', bytes)).toMatch(`encoded as ${name}`);
  });

  it('hints at Latin-1 with the line of the first bad byte', async () => {
    const bytes = Uint8Array.from([...enc(SCORES + 'm,b,q1,0.5,1\nm,b,caf'), 0xe9, ...enc(',0.5,1\n')]);
    for (const chunk of [3, 4096]) {
      expect(await errorOf('s.scores.csv', bytes, chunk)).toBe(
        's.scores.csv, line 3: not valid UTF-8 (byte 0xE9): the file looks Latin-1 or Windows-1252 encoded; save it as UTF-8 and import it again',
      );
    }
  });

  it('names a ZipCrypto-encrypted entry', async () => {
    const zip = evalZip(header(), { 'samples/1_epoch_1.json': sample(1, 1, 'C') });
    const view = new DataView(zip.buffer);
    view.setUint16(centralOffset(zip, 'header.json') + 8, 1, true);
    expect(await errorOf('secret.eval', zip)).toBe(
      'secret.eval: entry "header.json" is encrypted (ZipCrypto or AES): decrypt the archive, then import it',
    );
  });
});
