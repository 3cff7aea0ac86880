import { describe, expect, it } from 'vitest';
import { toSpacyRecord, writeSpacyJsonlLine } from '../export/write-spacy-jsonl';
import { readSpacyRecord } from './read-spacy-jsonl';
import { LABEL_IDS_BY_NAME, LABEL_NAMES_BY_ID, SPAN_OFFSETS, SPAN_TEXT, STORED_SPANS } from './span-formats.fixtures';

describe('toSpacyRecord', () => {
  it('writes code point offsets (Python str indices)', () => {
    const record = toSpacyRecord(SPAN_TEXT, STORED_SPANS, LABEL_NAMES_BY_ID, { meta: { id: 7 } });
    expect(record.spans).toEqual(SPAN_OFFSETS.map(([, , , start, end, label]) => ({ start, end, label })));
    expect(record.meta).toEqual({ id: 7 });
    const codePoints = Array.from(SPAN_TEXT);
    for (const [name, , , start, end] of SPAN_OFFSETS) expect(codePoints.slice(start, end).join('')).toBe(name);
  });

  it('does not let extra keys replace text or spans', () => {
    expect(toSpacyRecord('a', [], LABEL_NAMES_BY_ID, { text: 'b', spans: 1 })).toEqual({ text: 'a', spans: [] });
  });
});

describe('readSpacyRecord', () => {
  it('round-trips a written line exactly, through JSON', () => {
    const line = writeSpacyJsonlLine(SPAN_TEXT, STORED_SPANS, LABEL_NAMES_BY_ID);
    expect(line.endsWith('\n') && line.indexOf('\n')).toBe(line.length - 1);
    expect(readSpacyRecord(JSON.parse(line), LABEL_IDS_BY_NAME)).toEqual({ text: SPAN_TEXT, spans: STORED_SPANS, problems: [] });
  });

  it('keeps a record one line when the text holds line and paragraph separators', () => {
    const text = 'a\u2028b\u2029c\nd';
    const line = writeSpacyJsonlLine(text, [{ start: 0, end: 1, labelId: 1 }], LABEL_NAMES_BY_ID);
    expect(line.slice(0, -1)).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(readSpacyRecord(JSON.parse(line), LABEL_IDS_BY_NAME)).toMatchObject({ text, spans: [{ start: 0, end: 1, labelId: 1 }] });
  });

  it('reports bad spans by index and keeps the good ones', () => {
    const record = {
      text: SPAN_TEXT,
      spans: [
        { start: 6, end: 9, label: 'PER' },
        { start: 6, end: 9, label: 'ORG' },
        { start: 40, end: 44, label: 'MISC' },
        { start: 7, end: 7, label: 'PER' },
        { start: 14, end: 18, label: 'PER', text: 'Jose' },
        'x',
      ],
    };
    const read = readSpacyRecord(record, LABEL_IDS_BY_NAME);
    expect(read.text).toBe(SPAN_TEXT);
    if (read.text === null) return;
    expect(read.spans).toEqual([{ start: 9, end: 12, labelId: 1 }]);
    expect(read.problems.map((p) => p.index)).toEqual([1, 2, 3, 4, 5]);
    expect(read.problems[1]!.reason).toMatch(/43 code points/);
  });

  it('refuses a line without a string text', () => {
    expect(readSpacyRecord({ spans: [] }, LABEL_IDS_BY_NAME)).toMatchObject({ text: null });
    expect(readSpacyRecord([], LABEL_IDS_BY_NAME)).toMatchObject({ text: null });
    expect(readSpacyRecord({ text: 'no spans' }, LABEL_IDS_BY_NAME)).toEqual({ text: 'no spans', spans: [], problems: [] });
  });
});
