import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../src/core/study/params.ts';
import { simulateStudy } from '../../../src/core/simulate/simulate.ts';
import {
  defaultView,
  SESSION_VERSION,
  studySize,
  type SessionRecord,
} from '../../../src/core/session/schema.ts';
import {
  decodeSession,
  encodeSession,
  isSharedSession,
  shareFileName,
} from '../../../src/core/session/file.ts';

function record(): SessionRecord {
  const { study } = simulateStudy({
    seed: 4,
    benchmarks: [{ name: 'b', questions: 50, guess: 0, mix: { emergent: 1 } }],
  });
  study.benchmarks[0].scores[3] = NaN;
  study.benchmarks[0].trials[3] = 0;
  return {
    id: 's1',
    name: 'My ladder',
    created: 1,
    updated: 2,
    version: SESSION_VERSION,
    example: false,
    study,
    params: { ...DEFAULT_PARAMS, minA: 0.5 },
    target: { kind: 'planned', text: '70B on 15T tokens' },
    view: defaultView(),
    files: [],
    size: studySize(study),
  };
}

describe('shared session files', () => {
  it('round-trip a session exactly, missing cells included', () => {
    const r = record();
    const back = decodeSession(encodeSession(r), 'x.scalecast.json', DEFAULT_PARAMS);
    expect(back.study.benchmarks[0].scores).toBeInstanceOf(Float64Array);
    expect(back.study.benchmarks[0].trials).toBeInstanceOf(Uint32Array);
    expect(Number.isNaN(back.study.benchmarks[0].scores[3])).toBe(true);
    expect(back).toEqual(r);
  });

  it('refuses other files with a message naming the file and the problem', () => {
    const d = (text: string) => () => decodeSession(text, 'a.scalecast.json', DEFAULT_PARAMS);
    expect(d('{oops')).toThrow(/^a\.scalecast\.json: not a scalecast session file \(invalid JSON/);
    expect(d('{"format":"other"}')).toThrow(
      'a.scalecast.json: not a scalecast session file (expected "format"',
    );
    expect(d('{"format":"scalecast-session","version":99,"record":{"id":"x"}}')).toThrow(
      /a\.scalecast\.json: session saved by a newer version of scalecast/,
    );
    const broken = JSON.parse(encodeSession(record()));
    broken.record.study.benchmarks[0].scores.$f64.pop();
    expect(d(JSON.stringify(broken))).toThrow(
      /field "study.benchmarks\[0\].scores": expected \d+ pass rates \(questions × models\)/,
    );
  });

  it('names files after the session and recognises them', () => {
    expect(shareFileName('Llama ladder: MMLU-Pro (v2)')).toBe('llama-ladder-mmlu-pro-v2.scalecast.json');
    expect(shareFileName('…')).toBe('session.scalecast.json');
    expect(isSharedSession('dir/Study.SCALECAST.json')).toBe(true);
    expect(isSharedSession('results_2024.json')).toBe(false);
  });
});
