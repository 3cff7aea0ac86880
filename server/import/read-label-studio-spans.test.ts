import { describe, expect, it } from 'vitest';
import { toLabelStudioSpanResults } from '../export/write-span-results';
import { readLabelStudioMinRegions, readLabelStudioSpans } from './read-label-studio-spans';
import { NAMED_SPANS, SPAN_OFFSETS, SPAN_TEXT } from './span-formats.fixtures';

describe('toLabelStudioSpanResults', () => {
  it('writes UTF-16 offsets and the exact slice as value.text', () => {
    const results = toLabelStudioSpanResults(SPAN_TEXT, NAMED_SPANS, 'ner', 'text');
    expect(results.map((r) => [r.value.text, r.value.start, r.value.end, r.value.labels[0]])).toEqual(SPAN_OFFSETS.map(([name, start, end, , , label]) => [name, start, end, label]));
    expect(results[0]).toMatchObject({ id: 'q0', from_name: 'ner', to_name: 'text', type: 'labels' });
  });
});

describe('readLabelStudioSpans', () => {
  it('round-trips the written results exactly, through JSON', () => {
    const results = JSON.parse(JSON.stringify(toLabelStudioSpanResults(SPAN_TEXT, NAMED_SPANS)));
    expect(readLabelStudioSpans(results, SPAN_TEXT)).toEqual({ spans: NAMED_SPANS, problems: [], hasRegions: true });
  });

  it('reads a region with two labels as two spans, and skips other controls and result types', () => {
    const results = [
      { from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 30, end: 35, text: 'Paris', labels: ['LOC', 'MISC'] } },
      { from_name: 'other', to_name: 'text', type: 'labels', value: { start: 9, end: 12, text: 'Zoë', labels: ['PER'] } },
      { from_name: 'ner', to_name: 'text', type: 'choices', value: { choices: ['PER'] } },
    ];
    expect(readLabelStudioSpans(results, SPAN_TEXT, 'ner').spans).toEqual([
      { start: 30, end: 35, label: 'LOC' },
      { start: 30, end: 35, label: 'MISC' },
    ]);
    expect(readLabelStudioSpans([results[2]], SPAN_TEXT, 'ner')).toEqual({ spans: [], problems: [], hasRegions: false });
  });

  it('reports a value.text that does not match the slice, offsets that are not numbers and a region without labels', () => {
    const results = [
      // Code point offsets given where UTF-16 was expected: the slice is wrong.
      { type: 'labels', value: { start: 6, end: 9, text: 'Zoë', labels: ['PER'] } },
      { type: 'labels', value: { start: 'a', end: 3, labels: ['LOC'] } },
      { type: 'labels', value: { start: 9, end: 12, labels: [] } },
      // Label names and grapheme edges are the caller's to check (checkNamedSpans).
      { type: 'labels', value: { start: 25, end: 27, labels: ['ORG'] } },
    ];
    const { spans, problems } = readLabelStudioSpans(results, SPAN_TEXT);
    expect(spans).toEqual([{ start: 25, end: 27, label: 'ORG' }]);
    expect(problems.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(problems[0]!.reason).toMatch(/does not match/);
  });

  it('returns nothing for a result that is not a list', () => {
    expect(readLabelStudioSpans(null, SPAN_TEXT)).toEqual({ spans: [], problems: [], hasRegions: false });
  });
});

describe('readLabelStudioMinRegions', () => {
  it("reads JSON_MIN's flattened regions, as a list or its JSON text", () => {
    const regions = toLabelStudioSpanResults(SPAN_TEXT, NAMED_SPANS).map((result) => result.value);
    expect(readLabelStudioMinRegions(regions, SPAN_TEXT)).toEqual({ spans: NAMED_SPANS, problems: [], hasRegions: true });
    expect(readLabelStudioMinRegions(JSON.stringify(regions), SPAN_TEXT).spans).toEqual(NAMED_SPANS);
    expect(readLabelStudioMinRegions(undefined, SPAN_TEXT)).toEqual({ spans: [], problems: [], hasRegions: false });
    expect(readLabelStudioMinRegions('PER', SPAN_TEXT).problems).toHaveLength(1);
  });
});
