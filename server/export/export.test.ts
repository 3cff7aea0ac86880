import { parse as parseCsvSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { collectImport } from '@/server/import/import-stream';
import { previewImport } from '@/server/import/preview-import';
import { readStreamText, toWebStream } from './byte-stream';
import { neutralizeFormula } from './csv-cell';
import { EXPORT_FORMATS, exportCsv, exportItems, exportJsonl, exportLabelStudio, FLAT_EXPORT_COLUMNS, type TExportItem } from './index';

const LABELS = ['spam', 'ham', '-1'];

function createItem(overrides: Partial<TExportItem> = {}): TExportItem {
  return {
    externalId: 'ext-1',
    itemId: 'item-1',
    text: 'Hello, "world"\nsecond line',
    metadata: { source: 'web', score: 0.25, tags: ['a', 'b'], nested: { deep: { ok: true } }, note: 'ünïcödé ☕' },
    goldLabel: 'spam',
    annotations: [
      { annotator: { name: 'Alice', email: 'alice@example.com', id: 'u-alice' }, labels: ['spam'], createdAt: new Date('2024-05-02T10:00:00.123Z'), leadTimeMs: 1234 },
      { annotator: { name: 'bob', email: null, id: 'u-bob' }, labels: ['ham', 'spam'], createdAt: new Date('2024-05-02T11:00:00.000Z'), leadTimeMs: null },
    ],
    finalLabel: 'spam',
    finalLabelSource: 'consensus',
    prediction: { modelVersion: 'logreg-v2', label: 'spam', score: 0.8731 },
    ...overrides,
  };
}

const ITEMS: TExportItem[] = [
  createItem(),
  createItem({
    externalId: null,
    itemId: 'item-2',
    text: '<b>bold</b><script>alert(1)</script>',
    metadata: {},
    goldLabel: null,
    annotations: [],
    finalLabel: null,
    finalLabelSource: null,
    prediction: null,
  }),
  createItem({ externalId: '42', itemId: 'item-3', text: 'Label minus one', goldLabel: '-1', metadata: { empty: '', zero: 0, nothing: null } }),
];

describe('exportCsv', () => {
  it('writes one quoted, CRLF-terminated row per item that a strict CSV parser reads back cell for cell', async () => {
    const csv = await readStreamText(exportCsv(ITEMS));
    const cells = parseCsvSync(csv) as string[][];
    expect(cells[0]).toEqual([...FLAT_EXPORT_COLUMNS]);
    expect(cells[1]).toEqual([
      'ext-1',
      'item-1',
      'Hello, "world"\nsecond line',
      JSON.stringify(ITEMS[0]!.metadata),
      'spam',
      'spam',
      'consensus',
      '[{"annotator":"Alice","annotator_email":"alice@example.com","annotator_id":"u-alice","labels":["spam"],"created_at":"2024-05-02T10:00:00.123Z","lead_time_ms":1234},{"annotator":"bob","annotator_email":null,"annotator_id":"u-bob","labels":["ham","spam"],"created_at":"2024-05-02T11:00:00.000Z","lead_time_ms":null}]',
      'spam',
      '0.8731',
      'logreg-v2',
    ]);
    expect(cells[2]).toEqual(['', 'item-2', '<b>bold</b><script>alert(1)</script>', '{}', '', '', '', '[]', '', '', '']);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('neutralises formula injection in user-supplied cells but leaves plain numbers alone', async () => {
    const hostile = createItem({ externalId: '=HYPERLINK("http://x")', text: '=1+1', goldLabel: '-1', annotations: [], prediction: { modelVersion: '@cmd', label: '+x', score: 0.5 } });
    const [, row] = parseCsvSync(await readStreamText(exportCsv([hostile]))) as string[][];
    expect(row![0]).toBe(`'=HYPERLINK("http://x")`);
    expect(row![2]).toBe(`'=1+1`);
    expect(row![4]).toBe('-1');
    expect(row![8]).toBe(`'+x`);
    expect(row![10]).toBe(`'@cmd`);
    for (const [input, expected] of [
      ['-2+3', `'-2+3`],
      ['\tcmd', `'\tcmd`],
      ['\rcmd', `'\rcmd`],
      ['-1.5e3', '-1.5e3'],
      ['plain', 'plain'],
      ['', ''],
    ]) {
      expect(neutralizeFormula(input!)).toBe(expected);
    }
    const raw = parseCsvSync(await readStreamText(exportCsv([hostile], { neutralizeFormulas: false }))) as string[][];
    expect(raw[1]![2]).toBe('=1+1');
  });

  it('can start with a BOM for Excel', async () => {
    const csv = await readStreamText(exportCsv([], { bom: true }));
    expect(csv.startsWith('\uFEFFid,item_id,')).toBe(true);
  });
});

describe('exportJsonl and exportLabelStudio', () => {
  it('writes JSONL with the same keys as the CSV columns', async () => {
    const lines = (await readStreamText(exportJsonl(ITEMS))).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const first = JSON.parse(lines[0]!);
    expect(Object.keys(first)).toEqual([...FLAT_EXPORT_COLUMNS]);
    expect(first.metadata).toEqual(ITEMS[0]!.metadata);
    expect(first.annotations[1]).toEqual({ annotator: 'bob', annotator_email: null, annotator_id: 'u-bob', labels: ['ham', 'spam'], created_at: '2024-05-02T11:00:00.000Z', lead_time_ms: null });
  });

  it('writes tasks in the shape Label Studio exports', async () => {
    const tasks = JSON.parse(await readStreamText(exportLabelStudio(ITEMS, { fromName: 'sentiment', toName: 'text' })));
    expect(tasks).toHaveLength(3);
    expect(tasks[0]).toEqual({
      data: { text: ITEMS[0]!.text, ...ITEMS[0]!.metadata, external_id: 'ext-1', gold_label: 'spam' },
      meta: { quorum_item_id: 'item-1', final_label: 'spam', final_label_source: 'consensus' },
      annotations: [
        {
          // Label Studio matches a user object by e-mail; a plain name would be refused as an unknown user id.
          completed_by: { id: 'u-alice', email: 'alice@example.com', name: 'Alice' },
          was_cancelled: false,
          ground_truth: false,
          created_at: '2024-05-02T10:00:00.123Z',
          lead_time: 1.234,
          result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['spam'] } }],
        },
        expect.objectContaining({ completed_by: { id: 'u-bob', email: null, name: 'bob' }, lead_time: null }),
      ],
      predictions: [{ model_version: 'logreg-v2', score: 0.8731, result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['spam'] } }] }],
    });
    expect(JSON.parse(await readStreamText(exportLabelStudio([])))).toEqual([]);
  });

  it('streams large exports in bounded chunks, usable as a web Response body', async () => {
    async function* many() {
      for (let i = 0; i < 20_000; i++) yield createItem({ itemId: `item-${i}`, externalId: `e${i}` });
    }
    let maxChunk = 0;
    let lines = 0;
    for await (const chunk of exportItems(many(), 'jsonl')) {
      maxChunk = Math.max(maxChunk, (chunk as Buffer).length);
      lines += (chunk as Buffer).toString().split('\n').length - 1;
    }
    expect(lines).toBe(20_000);
    expect(maxChunk).toBeLessThan(80 * 1024);
    const text = await new Response(toWebStream(exportItems(ITEMS, 'csv'))).text();
    expect(text.split('\r\n')[0]).toBe(FLAT_EXPORT_COLUMNS.join(','));
  });
});

/*
 * What each format carries back through our own importer: externalId, text, metadata, gold label,
 * annotations (annotator, labels, created time, lead time) and the prediction, in all three. Not
 * carried back: itemId, finalLabel and finalLabelSource, which are derived from the data and are
 * ignored on import (CSV/JSONL columns in `ignoreFields`, Label Studio's task `meta`). CSV also
 * prefixes formula-like text with "'", so such text comes back with the apostrophe (tested above).
 */
describe('round trip: export → previewImport → readImport', () => {
  // spaCy JSONL carries spans only: server/import/span-files.test.ts round-trips it.
  it.each(EXPORT_FORMATS.filter((format) => format !== 'spacy'))('%s gives back the same items', async (format) => {
    const exported = await readStreamText(exportItems(ITEMS, format));
    const fileName = { jsonl: 'export.jsonl', csv: 'export.csv', 'label-studio': 'export.json', spacy: 'export.jsonl' }[format];
    const preview = await previewImport(exported, { fileName });
    expect(preview.format).toBe(format === 'label-studio' ? 'label-studio' : format);
    const { rows, problems, totals } = await collectImport(exported, { fileName, mapping: preview.suggestedMapping, labels: LABELS });
    expect(problems).toEqual([]);
    expect(totals.isComplete).toBe(true);
    expect(
      rows.map((r) => ({ externalId: r.externalId, text: r.text, metadata: r.metadata, goldLabel: r.goldLabel, annotations: r.annotations, predictions: r.predictions })),
    ).toEqual(
      ITEMS.map((item) => ({
        externalId: item.externalId,
        text: item.text,
        metadata: item.metadata,
        goldLabel: item.goldLabel,
        annotations: item.annotations,
        predictions: item.prediction ? [{ modelVersion: item.prediction.modelVersion, labels: [item.prediction.label], score: item.prediction.score }] : [],
      })),
    );
  });
});
