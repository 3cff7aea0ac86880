import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCalibrationFile, type TCalibrationCase, type TCalibrationFileFormat } from './read-calibration-file';

describe('readCalibrationFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-calibration-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const read = async (name: string, content: string, options: { format?: TCalibrationFileFormat; needsPredicted?: boolean; maxBytes?: number } = {}) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    const cases: TCalibrationCase[] = [];
    const { rows } = await readCalibrationFile(file, {
      format: options.format ?? (name.endsWith('.jsonl') ? 'jsonl' : 'csv'),
      needsPredicted: options.needsPredicted ?? false,
      maxBytes: options.maxBytes,
      onCase: (calibrationCase) => cases.push(calibrationCase),
    });
    return { rows, cases };
  };

  it('reads a CSV header in any case and order, ignores other columns, and accepts the spellings of correct', async () => {
    const { rows, cases } = await read('ok.csv', '\uFEFFnote,CORRECT,Score,predicted\n"a, b",1,0.97,billing\n\nx,FALSE,.5,tech\ny,true,1,tech\nz,0,0,billing\n', { needsPredicted: true });
    expect(rows).toBe(4);
    expect(cases).toEqual([
      { score: 0.97, isError: false, predicted: 'billing' },
      { score: 0.5, isError: true, predicted: 'tech' },
      { score: 1, isError: false, predicted: 'tech' },
      { score: 0, isError: true, predicted: 'billing' },
    ]);
  });

  it('reads JSONL with numbers, booleans or strings for correct, and numeric labels', async () => {
    const { cases } = await read('ok.jsonl', '{"score":0.2,"correct":true,"predicted":3}\n{"score":"0.4","correct":"0","predicted":"b"}\n', { needsPredicted: true });
    expect(cases).toEqual([
      { score: 0.2, isError: false, predicted: '3' },
      { score: 0.4, isError: true, predicted: 'b' },
    ]);
  });

  const refusals: [string, string, string, RegExp, { needsPredicted?: boolean; maxBytes?: number }?][] = [
    // The quoted line break makes row 2 start on line 3 and row 3 on line 5.
    ['a bad row after a quoted line break', 'multiline.csv', 'note,score,correct\nfine,0.5,1\n"two\nlines",0.5,1\nbad,-0.1,1\n', /multiline\.csv row 3 \(line 5\): score must be a number from 0 to 1, got "-0\.1"$/],
    ['an empty score', 'empty-score.csv', 'score,correct\n,1\n', /row 1 \(line 2\): score must be a number from 0 to 1, got ""$/],
    ['a row with a field missing', 'short.csv', 'score,correct\n0.5\n', /short\.csv row 1 \(line 2\): expected 2 fields like the header, got 1$/],
    ['a header without correct', 'no-correct.csv', 'score,label\n0.5,1\n', /no-correct\.csv line 1: missing column "correct" in header \(found: score, label\)$/],
    ['a first row that is neither a header nor two numbers', 'unclear.csv', 'confidence,ok\n0.5,1\n', /unclear\.csv line 1: expected a header naming the columns score and correct/],
    ['headerless rows in the per-label form', 'headerless.csv', '0.5,1\n', /the per-label form needs a header/, { needsPredicted: true }],
    ['a missing predicted label', 'no-label.jsonl', '{"score":0.5,"correct":1}\n', /no-label\.jsonl row 1 \(line 1\): missing "predicted"$/, { needsPredicted: true }],
    ['invalid JSON', 'broken.jsonl', '{"score":0.5,"correct":1}\n{"score":\n', /broken\.jsonl row 2 \(line 2\): invalid JSON/],
    ['a JSON value that is not an object', 'array.jsonl', '[0.5, 1]\n', /array\.jsonl row 1 \(line 1\): expected an object/],
    ['an empty file', 'empty.csv', '', /empty\.csv line 1: empty file/],
    ['a file with no rows after the header', 'header-only.csv', 'score,correct\n', /header-only\.csv: no calibration rows$/],
    ['a file over the size limit', 'big.csv', 'score,correct\n0.5,1\n0.5,1\n', /big\.csv is 26 bytes; calibration files are limited to 20 bytes$/, { maxBytes: 20 }],
  ];
  for (const [name, fileName, content, message, options] of refusals) {
    it(`refuses ${name}`, async () => {
      await expect(read(fileName, content, options)).rejects.toThrow(message);
    });
  }

  it.skipIf(!fs.existsSync('/dev/zero'))('cuts a stream with no size up front at the limit', async () => {
    await expect(readCalibrationFile('/dev/zero', { format: 'csv', needsPredicted: false, maxBytes: 100_000, onCase: () => {} })).rejects.toThrow(/\/dev\/zero is over 100000 bytes/);
  });

  it('refuses a directory and a missing file by name', async () => {
    await expect(readCalibrationFile(dir, { format: 'csv', needsPredicted: false, onCase: () => {} })).rejects.toThrow(/cannot read .*: it is a directory$/);
    await expect(readCalibrationFile(path.join(dir, 'absent.csv'), { format: 'csv', needsPredicted: false, onCase: () => {} })).rejects.toThrow(/cannot read .*absent\.csv: no such file$/);
  });
});
