import { describe, expect, it } from 'vitest';
import { toLabelStudioSpanResults } from '../export/write-span-results';
import { readLabelStudioSpans } from './read-label-studio-spans';
import { LABEL_IDS_BY_NAME, LABEL_NAMES_BY_ID, SPAN_OFFSETS, SPAN_TEXT, STORED_SPANS } from './span-formats.fixtures';

describe('toLabelStudioSpanResults', () => {
  it('writes UTF-16 offsets and the exact slice as value.text', () => {
    const results = toLabelStudioSpanResults(SPAN_TEXT, STORED_SPANS, LABEL_NAMES_BY_ID, 'ner', 'text');
    expect(results.map((r) => [r.value.text, r.value.start, r.value.end, r.value.labels[0]])).toEqual(SPAN_OFFSETS.map(([name, start, end, , , label]) => [name, start, end, label]));
    expect(results[0]).toMatchObject({ id: 'q0', from_name: 'ner', to_name: 'text', type: 'labels' });
  });
});

describe('readLabelStudioSpans', () => {
  it('round-trips the written results exactly, through JSON', () => {
    const results = JSON.parse(JSON.stringify(toLabelStudioSpanResults(SPAN_TEXT, [...STORED_SPANS].reverse(), LABEL_NAMES_BY_ID)));
    expect(readLabelStudioSpans(results, SPAN_TEXT, LABEL_IDS_BY_NAME)).toEqual({ spans: STORED_SPANS, problems: [] });
  });

  it('reads a region with two labels as two spans, and skips other controls and result types', () => {
    const results = [
      { from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 30, end: 35, text: 'Paris', labels: ['LOC', 'MISC'] } },
      { from_name: 'other', to_name: 'text', type: 'labels', value: { start: 9, end: 12, text: 'Zoë', labels: ['PER'] } },
      { from_name: 'ner', to_name: 'text', type: 'choices', value: { choices: ['PER'] } },
    ];
    expect(readLabelStudioSpans(results, SPAN_TEXT, LABEL_IDS_BY_NAME, 'ner').spans).toEqual([
      { start: 30, end: 35, labelId: 2 },
      { start: 30, end: 35, labelId: 3 },
    ]);
  });

  it('reports a value.text that does not match the slice, an unknown label and a split emoji', () => {
    const results = [
      // Code point offsets given where UTF-16 was expected: the slice is wrong.
      { type: 'labels', value: { start: 6, end: 9, text: 'Zoë', labels: ['PER'] } },
      { type: 'labels', value: { start: 9, end: 12, text: 'Zoë', labels: ['ORG'] } },
      { type: 'labels', value: { start: 25, end: 27, labels: ['LOC'] } },
      { type: 'labels', value: { start: 'a', end: 3, labels: ['LOC'] } },
    ];
    const { spans, problems } = readLabelStudioSpans(results, SPAN_TEXT, LABEL_IDS_BY_NAME);
    expect(spans).toEqual([]);
    expect(problems.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect(problems[0]!.reason).toMatch(/does not match/);
    expect(problems[1]!.reason).toMatch(/"ORG"/);
    expect(problems[2]!.reason).toMatch(/inside a character/);
  });

  it('returns nothing for a result that is not a list', () => {
    expect(readLabelStudioSpans(null, SPAN_TEXT, LABEL_IDS_BY_NAME)).toEqual({ spans: [], problems: [] });
  });
});
