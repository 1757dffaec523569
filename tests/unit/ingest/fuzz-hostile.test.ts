/**
 * Issue 14's fuzzing corpus: real files of every format, cut, bit-flipped, re-encoded and laced with hostile tokens.
 * Every input must end in a value or a clear error (naming the file, no raw JavaScript error); every input known to
 * be invalid must be refused. The tallies are what the issue's closing note reports.
 */
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/core/ingest/index.ts';
import { memFile, realSeeds } from './helpers.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const RAW_JS =
  /is not a function|Cannot read prop|Cannot set prop|of undefined|Maximum call stack|Invalid array length|Invalid typed array|Cannot create a string|out of memory|\[object Object\]/;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function utf16(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Inputs that must be refused: one hostile token put into an otherwise good file. */
function poisoned(path: string, bytes: Uint8Array): Uint8Array[] {
  const text = new TextDecoder().decode(bytes);
  const lines = text.split('\n');
  if (path.endsWith('.scores.csv')) {
    return ['0x1', '0b1', '1e999', '0,5', '"0.5', '1.5', '-0.1', 'Infinity', '0.'].map((bad) => {
      const cells = lines[1].split(',');
      cells[3] = bad;
      return enc([lines[0], cells.join(','), ...lines.slice(2)].join('\n'));
    });
  }
  if (path.endsWith('.jsonl')) {
    const l = lines[1];
    return [
      l + l,
      l.replace(/"acc": [\d.]+/, '"acc": 0x1'),
      l.replace(/"acc": [\d.]+/, '"acc": 007'),
      l.slice(0, -1),
      l + ']',
    ].map((bad) => enc([lines[0], bad, ...lines.slice(2)].join('\n')));
  }
  return [];
}

describe('hostile corpus', () => {
  it('ends every input in a value or a clear error, and refuses every poisoned one', async () => {
    const tally = { inputs: 0, crashes: 0, unclear: 0, wrongAcceptances: 0 };
    const problems: string[] = [];
    for (const [path, bytes] of await realSeeds()) {
      const next = rng(bytes.length);
      const inputs: Uint8Array[] = [bytes, utf16(bytes)];
      for (let k = 1; k < 20; k++) inputs.push(bytes.slice(0, Math.floor((k / 20) * bytes.length)));
      for (let k = 0; k < 20; k++) {
        const b = bytes.slice();
        for (let f = 0; f < 3; f++) b[Math.floor(next() * b.length)] ^= 1 + Math.floor(next() * 255);
        inputs.push(b);
      }
      const bad = poisoned(path, bytes);
      for (const [i, input] of [...inputs, ...bad].entries()) {
        tally.inputs++;
        let error: string | undefined;
        try {
          const r = await importFiles([memFile(path, input, 1 + Math.floor(next() * 4096))]);
          error = r.files[0].error;
        } catch (e) {
          tally.crashes++;
          problems.push(`${path} #${i}: threw ${(e as Error).message}`);
          continue;
        }
        if (error !== undefined && (!error.startsWith(path) || RAW_JS.test(error))) {
          tally.unclear++;
          problems.push(`${path} #${i}: ${error}`);
        }
        if (i >= inputs.length && error === undefined) {
          tally.wrongAcceptances++;
          problems.push(`${path} poisoned #${i - inputs.length}: accepted`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(tally.inputs).toBeGreaterThan(300);
    // The tallies for the closing note (hangs are bounded by the test timeout).
    console.info(`hostile corpus: ${JSON.stringify(tally)}`);
  });
});
