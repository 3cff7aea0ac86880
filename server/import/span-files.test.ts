import { describe, expect, it } from 'vitest';
import { readStreamText } from '../export/byte-stream';
import { EXPORT_FORMATS, exportItems, type TExportItem } from '../export/index';
import { collectImport } from './import-stream';
import { previewImport } from './preview-import';
import type { TImportSettings } from './types';

const LABELS = ['PER', 'LOC', 'MISC'];
const SPANS = { allowOverlap: false };

/** Emoji (a ZWJ family, a flag), a decomposed accent, CRLF line ends, and markup that must stay text. */
const TEXT = '👩‍👩‍👧 Zoë met José\r\nin 🇫🇷 Paris, e\u0301te\u0301 2024 <img src=x onerror=alert(1)>';
const at = (word: string, label: string) => ({ start: TEXT.indexOf(word), end: TEXT.indexOf(word) + word.length, label });
const ZOE = at('Zoë', 'PER');
const JOSE = at('José', 'PER');
const FLAG = at('🇫🇷', 'LOC');
const PARIS = at('Paris', 'LOC');
const ETE = at('e\u0301te\u0301', 'MISC');

const ITEMS: TExportItem[] = [
  {
    externalId: 'n1',
    itemId: '1',
    text: TEXT,
    metadata: { source: 'news', tags: ['a'] },
    goldLabel: { spans: [ZOE, JOSE, PARIS] },
    annotations: [
      { annotator: { name: 'Ann', email: 'ann@example.com', id: 'u-ann' }, labels: { spans: [ZOE, JOSE, FLAG, PARIS, ETE] }, createdAt: new Date('2024-05-02T10:00:00.123Z'), leadTimeMs: 4200 },
      { annotator: { name: 'Bob', email: null, id: 'u-bob' }, labels: { spans: [] }, createdAt: new Date('2024-05-02T11:00:00.000Z'), leadTimeMs: null },
    ],
    finalLabel: { spans: [ZOE, JOSE, PARIS] },
    finalLabelSource: 'review',
    prediction: { modelVersion: 'v3', label: { spans: [ZOE, PARIS] }, score: 0.61 },
  },
  {
    externalId: null,
    itemId: '2',
    text: 'Nothing to mark here.',
    metadata: {},
    goldLabel: null,
    annotations: [],
    finalLabel: null,
    finalLabelSource: null,
    prediction: null,
  },
];

async function readBack(format: (typeof EXPORT_FORMATS)[number], settings: Partial<TImportSettings> = {}) {
  const exported = await readStreamText(exportItems(ITEMS, format));
  const fileName = { jsonl: 'export.jsonl', csv: 'export.csv', 'label-studio': 'export.json', spacy: 'export.jsonl' }[format];
  const preview = await previewImport(exported, { fileName, isSpans: true });
  expect(preview.format).toBe(format);
  return collectImport(exported, { fileName, mapping: preview.suggestedMapping, labels: LABELS, spans: SPANS, ...settings });
}

describe('span files: export → previewImport → readImport', () => {
  it.each(EXPORT_FORMATS)('%s gives back every span at the same UTF-16 offsets', async (format) => {
    const { rows, problems, totals } = await readBack(format);
    expect(problems).toEqual([]);
    expect(totals.isComplete).toBe(true);
    const [first, second] = rows;
    expect(first).toMatchObject({ externalId: 'n1', text: TEXT, metadata: { source: 'news', tags: ['a'] }, goldLabel: { spans: [ZOE, JOSE, PARIS] } });
    expect(first!.finalLabel).toEqual({ label: { spans: [ZOE, JOSE, PARIS] }, source: 'review' });
    expect(first!.annotations).toEqual(ITEMS[0]!.annotations.map((annotation) => ({ ...annotation, labels: annotation.labels })));
    expect(first!.predictions).toEqual([{ modelVersion: 'v3', labels: { spans: [ZOE, PARIS] }, score: 0.61 }]);
    expect(second).toMatchObject({ externalId: null, text: 'Nothing to mark here.', goldLabel: null, annotations: [], predictions: [] });
    expect(second!.finalLabel ?? null).toBeNull();
  });

  it('reads a spaCy file from elsewhere: code point offsets, spans as gold, meta as metadata', async () => {
    const codePoints = Array.from(TEXT);
    const cp = (word: string) => {
      const start = Array.from(TEXT.slice(0, TEXT.indexOf(word))).length;
      return { start, end: start + Array.from(word).length };
    };
    expect(codePoints.slice(cp('Paris').start, cp('Paris').end).join('')).toBe('Paris');
    const line = { text: TEXT, spans: [{ ...cp('Paris'), label: 'LOC' }, { ...cp('🇫🇷'), label: 'loc', text: '🇫🇷' }], meta: { source: 'prodigy' }, _input_hash: 12, answer: 'accept' };
    const file = `${JSON.stringify(line)}\n`;
    const preview = await previewImport(file, { fileName: 'ner.jsonl', isSpans: true });
    expect(preview).toMatchObject({ format: 'spacy', suggestedMapping: { textField: 'text', labelField: 'spans', metadataField: 'meta' } });
    // The same file in a project that does not label spans is plain JSON Lines.
    expect((await previewImport(file, { fileName: 'ner.jsonl' })).format).toBe('jsonl');
    const { rows, problems } = await collectImport(file, { fileName: 'ner.jsonl', mapping: preview.suggestedMapping, labels: LABELS, spans: SPANS });
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ text: TEXT, goldLabel: { spans: [FLAG, PARIS] }, metadata: { source: 'prodigy', _input_hash: 12, answer: 'accept' } });
  });

  it('refuses spans that leave the text, cut a character, overlap or name an unknown label, with the row and the span', async () => {
    const lines = [
      { text: TEXT, spans: [{ start: 0, end: 200, label: 'PER' }] },
      // Code point 1 is inside the family emoji (a ZWJ sequence of five code points).
      { text: TEXT, spans: [{ start: 1, end: 3, label: 'PER' }] },
      { text: 'Zoë Paris', spans: [{ start: 0, end: 9, label: 'LOC' }, { start: 0, end: 3, label: 'PER' }] },
      { text: 'Zoë Paris', spans: [{ start: 0, end: 3, label: 'ORG' }] },
      { text: 'Zoë Paris', spans: [{ start: 0, end: 3, label: 'PER' }] },
    ];
    const file = lines.map((line) => JSON.stringify(line)).join('\n');
    const mapping = { textField: 'text', labelField: 'spans' };
    const { rows, problems } = await collectImport(file, { format: 'spacy', mapping, labels: LABELS, spans: SPANS });
    expect(rows.map((row) => row.row)).toEqual([5]);
    expect(problems.map((problem) => [problem.row, problem.field])).toEqual([
      [1, 'spans'],
      [2, 'spans'],
      [3, 'spans'],
      [4, 'spans'],
    ]);
    expect(problems[0]!.reason).toMatch(/gold spans, span 1: offsets 0..200 are not code point offsets inside the text/);
    expect(problems[1]!.reason).toMatch(/^gold spans: span 1 \(1\.\.3 .*: an edge falls inside a character/);
    expect(problems[2]!.reason).toBe('gold spans: span 1 (0..9 "Zoë Paris", "LOC"): it overlaps span 2 (0..3 "Zoë", "PER"), and this project does not allow overlapping spans');
    expect(problems[3]!.reason).toMatch(/unknown label "ORG"/);
    // The project allows overlaps: the nested span is welcome.
    const allowed = await collectImport(file, { format: 'spacy', mapping, labels: LABELS, spans: { allowOverlap: true } });
    expect(allowed.rows.map((row) => row.row)).toEqual([3, 5]);
  });

  it('checks the spans of Label Studio annotations and predictions, and of CSV cells, against the text', async () => {
    const task = {
      data: { text: 'Zoë Paris' },
      annotations: [{ completed_by: 1, result: [{ type: 'labels', from_name: 'ner', to_name: 'text', value: { start: 4, end: 9, text: 'Paris', labels: ['LOC'] } }] }],
      predictions: [{ model_version: 'm', result: [{ type: 'labels', value: { start: 0, end: 3, text: 'Zoe', labels: ['PER'] } }] }],
    };
    const { problems } = await collectImport(JSON.stringify([task]), { format: 'label-studio', mapping: { textField: 'text', fromName: null }, labels: LABELS, spans: SPANS });
    expect(problems).toEqual([{ row: 1, field: 'predictions', reason: 'prediction 1, result 1: region text "Zoe" does not match the text at 0..3 ("Zoë")', record: task }]);
    // An empty result is "no spans"; a result of another control only is no answer to this one.
    const choicesOnly = { ...task, annotations: [{ completed_by: 1, result: [] }, { completed_by: 2, result: [{ type: 'choices', value: { choices: ['PER'] } }] }], predictions: [] };
    const read2 = await collectImport(JSON.stringify([choicesOnly]), { format: 'label-studio', mapping: { textField: 'text' }, labels: LABELS, spans: SPANS });
    expect(read2.rows[0]!.annotations.map((annotation) => annotation.labels)).toEqual([{ spans: [] }]);
    const csv = 'text,gold\n"Zoë Paris","[{""start"":4,""end"":9,""label"":""LOC""}]"\n"Zoë Paris","[{""start"":4,""end"":10,""label"":""LOC""}]"\n"Zoë Paris",[]\n';
    const read = await collectImport(csv, { format: 'csv', mapping: { textField: 'text', labelField: 'gold' }, labels: LABELS, spans: SPANS });
    expect(read.rows.map((row) => row.goldLabel)).toEqual([{ spans: [{ start: 4, end: 9, label: 'LOC' }] }, { spans: [] }]);
    expect(read.problems).toMatchObject([{ row: 2, field: 'gold', reason: 'label: span 1 (4..10 "Paris", "LOC"): it lies outside the text (9 UTF-16 code units long)' }]);
  });
});
