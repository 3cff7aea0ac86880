import { describe, expect, it } from 'vitest';
import { formatSpacyLine, toSpacyRecord } from '../export/write-spacy-jsonl';
import type { TExportItem } from '../export/types';
import { readSpacySpans } from './read-spacy-jsonl';
import { NAMED_SPANS, SPAN_OFFSETS, SPAN_TEXT } from './span-formats.fixtures';

const item = (text: string, spans: { start: number; end: number; label: string }[]): TExportItem => ({
  externalId: 'x1',
  itemId: '7',
  text,
  metadata: { source: 'test' },
  goldLabel: null,
  annotations: [],
  finalLabel: { spans },
  finalLabelSource: 'review',
  prediction: null,
});

describe('toSpacyRecord', () => {
  it('writes code point offsets (Python str indices)', () => {
    const record = toSpacyRecord(item(SPAN_TEXT, NAMED_SPANS));
    expect(record.spans).toEqual(SPAN_OFFSETS.map(([, , , start, end, label]) => ({ start, end, label })));
    expect(record.meta).toEqual({ source: 'test' });
    expect(record._quorum).toMatchObject({ item_id: '7', external_id: 'x1', final_label_source: 'review', gold_spans: null, annotations: [], prediction: null });
    const codePoints = Array.from(SPAN_TEXT);
    for (const [name, , , start, end] of SPAN_OFFSETS) expect(codePoints.slice(start, end).join('')).toBe(name);
  });

  it('writes an item without a final answer with no spans and no source', () => {
    const record = toSpacyRecord({ ...item('a b', []), finalLabel: null, finalLabelSource: null });
    expect(record).toMatchObject({ spans: [], _quorum: { final_label_source: null } });
  });
});

describe('readSpacySpans', () => {
  it('round-trips a written line exactly, through JSON', () => {
    const line = formatSpacyLine(toSpacyRecord(item(SPAN_TEXT, NAMED_SPANS)));
    expect(line.endsWith('\n') && line.indexOf('\n')).toBe(line.length - 1);
    const parsed = JSON.parse(line) as { text: string; spans: unknown };
    expect(readSpacySpans(parsed.spans, parsed.text)).toMatchObject({ spans: NAMED_SPANS, problems: [] });
  });

  it('keeps a record one line when the text holds line and paragraph separators', () => {
    const text = 'a\u2028b\u2029c\nd';
    const line = formatSpacyLine(toSpacyRecord(item(text, [{ start: 0, end: 1, label: 'PER' }])));
    expect(line.slice(0, -1)).not.toMatch(/[\n\r\u2028\u2029]/);
    const parsed = JSON.parse(line) as { text: string; spans: unknown };
    expect(parsed.text).toBe(text);
    expect(readSpacySpans(parsed.spans, text)).toMatchObject({ spans: [{ start: 0, end: 1, label: 'PER' }] });
  });

  it('reports bad spans by index and keeps the good ones', () => {
    const spans = [
      { start: 6, end: 9, label: 'PER' },
      { start: 6, end: 9, label: 3 },
      { start: 40, end: 44, label: 'MISC' },
      { start: 1.5, end: 3, label: 'PER' },
      { start: 14, end: 18, label: 'PER', text: 'Jose' },
      'x',
    ];
    const read = readSpacySpans(spans, SPAN_TEXT);
    expect(read.spans).toEqual([{ start: 9, end: 12, label: 'PER' }]);
    expect(read.problems.map((p) => p.index)).toEqual([1, 2, 3, 4, 5]);
    expect(read.problems[1]!.reason).toMatch(/43 code points/);
  });

  it('reads no spans as none, and refuses spans that are not a list', () => {
    expect(readSpacySpans(undefined, 'no spans')).toEqual({ spans: [], fileOffsets: [], problems: [] });
    expect(readSpacySpans({}, 'no spans').problems).toHaveLength(1);
  });
});
