import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { hashContent, normalizeForHash } from './content-hash';
import { collectImport, readImport } from './import-stream';
import { previewImport } from './preview-import';
import type { TImportSettings } from './types';

const GOOD_DIR = path.join(import.meta.dirname, 'fixtures', 'good');
const BAD_DIR = path.join(import.meta.dirname, 'fixtures', 'bad');
const readGood = (name: string) => readFileSync(path.join(GOOD_DIR, name));

describe('readImport: good fixtures', () => {
  it('reads CSV with quoted newlines, escaped quotes, formulas and HTML kept verbatim', async () => {
    const { rows, problems, totals } = await collectImport(readGood('small.csv'), {
      fileName: 'small.csv',
      mapping: { textField: 'text', labelField: 'label', idField: 'id' },
      labels: ['spam', 'ham'],
    });
    expect(problems).toEqual([]);
    expect(totals).toMatchObject({ format: 'csv', rowsRead: 5, rowsAccepted: 5, rowsRejected: 0, isComplete: true });
    expect(rows.map((r) => [r.row, r.externalId, r.goldLabel])).toEqual([
      // Data rows, not lines: r2's text spans two lines and is still one row.
      [1, 'r1', 'spam'],
      [2, 'r2', 'ham'],
      [3, 'r3', 'ham'],
      [4, 'r4', 'ham'],
      [5, 'r5', 'spam'],
    ]);
    expect(rows[1]!.text).toBe('Meeting moved to 3pm.\nSee you there.');
    expect(rows[2]!.text).toBe('She said "hi" twice');
    expect(rows[3]!.text).toBe('=SUM(A1:A9) is a formula kept as data');
    expect(rows[4]!.text).toBe('<b>bold</b><script>alert(1)</script>');
    expect(rows[0]!.metadata).toEqual({ source: 'web' });
    expect(Object.getPrototypeOf(rows[0]!.metadata)).toBeNull();
    expect(rows[0]!.contentHash).toBe(hashContent('Win a FREE cruise, click now!'));
  });

  it('reads TSV', async () => {
    const { rows } = await collectImport(readGood('small.tsv'), { fileName: 'small.tsv', mapping: { textField: 'text', labelField: 'label' }, labels: null });
    expect(rows.map((r) => r.text)).toEqual(['Cheap meds online', 'Lunch tomorrow?', 'Quoted\ttab']);
  });

  it('reads JSONL: numeric ids become strings, nested metadata stays nested, "constructor" is plain data', async () => {
    const { rows, problems } = await collectImport(readGood('small.jsonl'), {
      fileName: 'small.jsonl',
      mapping: { textField: 'text', labelField: 'label', idField: 'id' },
      labels: ['spam', 'ham'],
    });
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.row, r.externalId, r.goldLabel])).toEqual([
      [1, '1', 'spam'],
      [3, '2', 'ham'],
      [4, '3', null],
    ]);
    expect(rows[0]!.metadata).toEqual({ meta: { source: 'web', score: 0.5 } });
    expect(rows[2]!.metadata).toEqual({ constructor: 'kept as data' });
    expect(rows[2]!.text).toBe('Café crème ☕ — ünïcödé');
  });

  it('previews a JSON array and suggests its columns', async () => {
    const preview = await previewImport(readGood('small.json'), { fileName: 'small.json' });
    expect(preview.format).toBe('json');
    expect(preview.fields).toEqual(['doc_id', 'body', 'category', 'tags']);
    expect(preview.suggestedMapping).toEqual({ textField: 'body', labelField: 'category', idField: 'doc_id' });
    const { rows } = await collectImport(readGood('small.json'), { mapping: preview.suggestedMapping, labels: ['spam', 'ham'] });
    expect(rows.map((r) => [r.row, r.externalId, r.goldLabel, r.metadata])).toEqual([
      [1, 'a', 'ham', { tags: ['x', 'y'] }],
      [2, 'b', 'spam', { tags: [] }],
    ]);
  });

  it('reads a real-shaped Label Studio export: cancelled annotations skipped, ground truth as gold, predictions kept', async () => {
    const preview = await previewImport(readGood('label-studio-export.json'), { fileName: 'project-7.json' });
    expect(preview.format).toBe('label-studio');
    expect(preview.fields).toEqual(['text', 'source', 'lang']);
    expect(preview.suggestedMapping).toEqual({ textField: 'text', labelField: null, idField: null, fromName: 'sentiment' });
    const { rows, problems } = await collectImport(readGood('label-studio-export.json'), {
      mapping: preview.suggestedMapping,
      labels: ['Positive', 'Negative', 'Neutral'],
    });
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(3);
    const [first, second, third] = rows;
    expect(first).toMatchObject({
      row: 1,
      text: 'What a match! Our team won 3-0.',
      goldLabel: null,
      annotations: [{ annotator: { name: '11', email: null, id: '11' }, labels: ['Positive'], createdAt: new Date('2024-05-02T10:00:00.123Z'), leadTimeMs: 12_345 }],
      predictions: [{ modelVersion: 'bert-v3', labels: ['Positive'], score: 0.91 }],
    });
    expect(first!.metadata).toEqual({ source: 'twitter', lang: 'en' });
    expect(second).toMatchObject({
      goldLabel: 'Negative',
      text: "<b>Terrible</b> service <script>alert('x')</script>",
      annotations: [
        { annotator: { name: 'carol@example.com', email: 'carol@example.com', id: '13' }, labels: ['Negative'], leadTimeMs: 4000 },
        { annotator: { name: '11', email: null, id: '11' }, labels: ['Neutral'], leadTimeMs: 6500 },
      ],
    });
    expect(third).toMatchObject({ annotations: [], predictions: [{ modelVersion: 'bert-v3', labels: ['Neutral'], score: 0.55 }] });
  });

  it('reads multi-choice results of another control when asked for it', async () => {
    const { rows } = await collectImport(readGood('label-studio-export.json'), { mapping: { textField: 'text', fromName: 'topic' }, labels: null });
    expect(rows[0]!.annotations).toEqual([{ annotator: { name: '11', email: null, id: '11' }, labels: ['Sports', 'Politics'], createdAt: new Date('2024-05-02T10:00:00.123Z'), leadTimeMs: 12_345 }]);
    expect(rows[0]!.predictions).toEqual([]);
  });

  it("reads Label Studio's JSON_MIN export", async () => {
    const preview = await previewImport(readGood('label-studio-min.json'));
    expect(preview.format).toBe('label-studio-min');
    expect(preview.suggestedMapping).toEqual({ textField: 'text', idField: 'id', labelField: null, fromName: 'sentiment' });
    const { rows, problems } = await collectImport(readGood('label-studio-min.json'), { mapping: preview.suggestedMapping, labels: ['Positive', 'Negative', 'Neutral'] });
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.externalId, r.annotations, r.metadata])).toEqual([
      ['201', [{ annotator: { name: 'alice@example.com', email: 'alice@example.com', id: null }, labels: ['Positive'], createdAt: new Date('2024-06-01T12:00:00Z'), leadTimeMs: 2500 }], {}],
      ['202', [{ annotator: { name: 'bob@example.com', email: 'bob@example.com', id: null }, labels: ['Negative', 'Neutral'], createdAt: new Date('2024-06-01T12:01:00Z'), leadTimeMs: 7000 }], {}],
    ]);
  });

  it('reads Label Studio tasks given one per line', async () => {
    const lines = '{"data": {"text": "a"}, "annotations": []}\n{"data": {"text": "b"}}\n';
    const preview = await previewImport(lines, { fileName: 'tasks.json' });
    expect(preview.format).toBe('label-studio');
    const { rows } = await collectImport(lines, { fileName: 'tasks.json', mapping: { textField: 'text' }, labels: null });
    expect(rows.map((r) => r.text)).toEqual(['a', 'b']);
  });
});

describe('readImport: hostile input', () => {
  it('never lets "__proto__", "constructor" or "prototype" keys touch a prototype', async () => {
    const { rows, problems } = await collectImport(readFileSync(path.join(BAD_DIR, 'proto-pollution.json')), { mapping: { textField: 'text' }, labels: null });
    expect(problems.map((p) => p.row)).toEqual([1, 2]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const [c, d] = rows;
    expect(Object.getPrototypeOf(c!.metadata)).toBeNull();
    const ctor = Reflect.get(c!.metadata, 'constructor') as Record<string, unknown>;
    expect(Object.getPrototypeOf(ctor)).toBeNull();
    expect(ctor.prototype).toEqual({ polluted: 'yes' });
    expect(d!.metadata).toEqual({ prototype: 'plain data' });
  });

  it('does not read inherited properties as fields', async () => {
    const { problems } = await collectImport('{"text": "a"}\n', { format: 'jsonl', mapping: { textField: 'constructor' }, labels: null });
    expect(problems[0]!.reason).toBe('text is missing (no field "constructor")');
  });

  it('refuses deeply nested rows without a stack overflow', async () => {
    const deep = `{"text": "x", "m": ${'['.repeat(200_000)}${']'.repeat(200_000)}}\n`;
    const { problems } = await collectImport(deep, { format: 'jsonl', mapping: { textField: 'text' }, labels: null, maxRowBytes: 1_000_000 });
    expect(problems).toEqual([{ row: 1, field: 'm', reason: 'nested deeper than 32 levels (maxDepth)' }]);
  });

  it('rejects a 10 MB field generated in-stream and a 150 KB text, and reads the rows after them', async () => {
    async function* generate() {
      yield 'id,text,label\n1,"';
      for (let i = 0; i < 160; i++) yield 'z'.repeat(64 * 1024);
      yield '",spam\n2,fine,ham\n';
      yield `3,${'w'.repeat(150_000)},ham\n4,also fine,spam\n`;
    }
    const { rows, problems, totals } = await collectImport(Readable.from(generate()), {
      fileName: 'huge-field.csv',
      mapping: { textField: 'text', labelField: 'label', idField: 'id' },
      labels: ['spam', 'ham'],
    });
    expect(problems).toEqual([
      { row: 1, field: 'text', reason: expect.stringContaining('row exceeds the maximum row size of 1150976 bytes') },
      { row: 3, field: 'text', reason: 'text is at least 150000 bytes, which exceeds maxTextBytes (102400)' },
    ]);
    expect(rows.map((r) => r.externalId)).toEqual(['2', '4']);
    expect(totals).toMatchObject({ rowsRead: 4, rowsAccepted: 2, rowsRejected: 2, problems: 2 });
  });

  it('rejects a 10 MB string in a JSON array and deep nesting as they arrive, and reads the elements after them', async () => {
    async function* generate() {
      yield '[\n{"id": 1, "text": "';
      for (let i = 0; i < 160; i++) yield 'z'.repeat(64 * 1024);
      yield '"},\n{"id": 2, "text": "fine"},\n';
      yield `{"id": 3, "text": "deep", "meta": ${'['.repeat(5000)}${']'.repeat(5000)}},\n{"id": 4, "text": "also fine"}\n]\n`;
    }
    const { rows, problems, totals } = await collectImport(Readable.from(generate()), {
      fileName: 'huge.json',
      mapping: { textField: 'text', idField: 'id' },
      labels: null,
    });
    expect(problems).toEqual([
      { row: 1, field: null, reason: expect.stringContaining('row exceeds the maximum row size of 1150976 bytes') },
      { row: 3, field: 'meta', reason: 'nested deeper than 32 levels (maxDepth)' },
    ]);
    expect(rows.map((r) => [r.row, r.externalId])).toEqual([
      [2, '2'],
      [4, '4'],
    ]);
    expect(totals).toMatchObject({ rowsRead: 4, rowsAccepted: 2, rowsRejected: 2, isComplete: true });
  });

  it('measures the text limit in UTF-8 bytes, not characters', async () => {
    const text = '€'.repeat(400); // 1,200 bytes
    const { problems } = await collectImport(JSON.stringify({ text }), { format: 'jsonl', mapping: { textField: 'text' }, labels: null, maxTextBytes: 1000 });
    expect(problems[0]!.reason).toBe('text is 1200 bytes, which exceeds maxTextBytes (1000)');
  });
});

describe('readImport: streaming contract', () => {
  const settings: TImportSettings = { format: 'jsonl', mapping: { textField: 'text', idField: 'id' }, labels: null, batchSize: 1000 };

  it('yields batches of exactly batchSize rows and reports totals at the end', async () => {
    async function* generate() {
      for (let i = 0; i < 5000; i++) yield `{"id": ${i}, "text": "row ${i}"}\n`;
      yield '{"id": 1, "text": "duplicate"}\n';
    }
    const stream = readImport(Readable.from(generate()), settings);
    const sizes: [number, number][] = [];
    for await (const batch of stream) sizes.push([batch.rows.length, batch.problems.length]);
    expect(sizes).toEqual([
      [1000, 0],
      [1000, 0],
      [1000, 0],
      [1000, 0],
      [1000, 0],
      [0, 1],
    ]);
    expect(stream.getTotals()).toEqual({ format: 'jsonl', rowsRead: 5001, rowsAccepted: 5000, rowsRejected: 1, problems: 1, isComplete: true });
    expect(() => stream[Symbol.asyncIterator]()).toThrow('read once');
  });

  it('reads a web ReadableStream and honours a format override', async () => {
    const body = new Response('{"id": "a", "text": "from the web"}\n').body!;
    const { rows } = await collectImport(body, { ...settings, fileName: 'upload.txt' });
    expect(rows[0]).toMatchObject({ externalId: 'a', text: 'from the web' });
  });

  it('stops at once when a mapped column is missing from the header', async () => {
    const { problems, totals } = await collectImport('id,body\n1,a\n', { fileName: 'x.csv', mapping: { textField: 'text' }, labels: null });
    expect(problems).toEqual([{ row: 0, field: 'text', reason: 'column "text" is missing from the header; the columns are "id", "body"' }]);
    expect(totals.isComplete).toBe(false);
  });

  it('matches labels case-insensitively when unambiguous, exactly otherwise', async () => {
    const csv = 'text,label\na,SPAM\nb, Ham \nc,Maybe\n';
    const { rows, problems } = await collectImport(csv, { fileName: 'l.csv', mapping: { textField: 'text', labelField: 'label' }, labels: ['spam', 'Ham', 'ham'] });
    expect(rows.map((r) => r.goldLabel)).toEqual(['spam', 'Ham']);
    expect(problems[0]!.reason).toBe('unknown label "Maybe": the project\'s labels are "spam", "Ham", "ham"');
  });

  it('validates annotations given as a column', async () => {
    const lines = [
      { text: 'a', annotations: [{ annotator: 'ann', labels: ['spam'], created_at: '2024-01-01T00:00:00.000Z', lead_time_ms: 1200 }] },
      { text: 'b', annotations: [{ labels: ['spam'] }] },
      { text: 'c', annotations: '[{"annotator": "x", "labels": ["eggs"]}]' },
      { text: 'd', annotations: 'not json' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const { rows, problems } = await collectImport(lines, { format: 'jsonl', mapping: { textField: 'text', annotationsField: 'annotations' }, labels: ['spam'] });
    expect(rows[0]!.annotations).toEqual([{ annotator: { name: 'ann', email: null, id: null }, labels: ['spam'], createdAt: new Date('2024-01-01T00:00:00.000Z'), leadTimeMs: 1200 }]);
    expect(problems.map((p) => [p.row, p.reason])).toEqual([
      [2, 'annotations: annotation 1 has no annotator'],
      [3, 'unknown label "eggs": the project\'s labels are "spam"'],
      [4, 'annotations is not valid JSON'],
    ]);
  });
});

describe('hashContent', () => {
  it('ignores whitespace layout and Unicode composition, not case', () => {
    expect(hashContent('Hello   world\n')).toBe(hashContent(' Hello world'));
    expect(hashContent('caf\u00e9')).toBe(hashContent('cafe\u0301'));
    expect(hashContent('Hello')).not.toBe(hashContent('hello'));
    expect(hashContent('abc')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('normalises every kind of whitespace and composition, and leaves plain text as it is', () => {
    const cases: [string, string][] = [
      ['plain text, single spaces!', 'plain text, single spaces!'],
      ['', ''],
      [' lead', 'lead'],
      ['trail ', 'trail'],
      ['two  spaces', 'two spaces'],
      ['tab\there', 'tab here'],
      ['line\r\nbreak', 'line break'],
      ['no\u00a0break', 'no break'],
      ['em\u2003space', 'em space'],
      ['delete\u007fchar', 'delete\u007fchar'],
      ['cafe\u0301', 'caf\u00e9'],
      ['\u00e9t\u00e9', '\u00e9t\u00e9'],
    ];
    for (const [text, normalised] of cases) expect(normalizeForHash(text), JSON.stringify(text)).toBe(normalised);
  });
});

describe('previewImport', () => {
  it('numbers the previewed rows as the import numbers its problems: the 5th data row is row 5, not 6', async () => {
    const csv = 'id,text,label\n1,one,spam\n2,"two\nlines",ham\n3,three,eggs\n4,"say "hi"",ham\n5,five,spam\n';
    const preview = await previewImport(csv, { fileName: 'rows.csv' });
    // Row 4's stray quote keeps it out of the preview table; the rows keep their numbers.
    expect(preview.rows.map((row) => row.id)).toEqual(['1', '2', '3', '5']);
    expect(preview.rowNumbers).toEqual([1, 2, 3, 5]);
    expect(preview.problems.map((problem) => problem.row)).toEqual([4]);
    const { problems } = await collectImport(csv, { fileName: 'rows.csv', mapping: preview.suggestedMapping, labels: ['spam', 'ham'] });
    expect(problems.map((problem) => [problem.row, problem.field])).toEqual([
      [3, 'label'],
      [4, 'text'],
    ]);
  });

  it('stops reading the upload after `limit` rows and releases it', async () => {
    let pulled = 0;
    let isReleased = false;
    async function* upload() {
      try {
        yield 'id,text\n';
        for (let i = 0; i < 100_000; i++) {
          pulled++;
          yield `${i},row number ${i} ${'x'.repeat(100)}\n`;
        }
      } finally {
        isReleased = true;
      }
    }
    const preview = await previewImport(Readable.from(upload()), { fileName: 'big.csv', limit: 5 });
    expect(preview.rows).toHaveLength(5);
    expect(preview.fields).toEqual(['id', 'text']);
    expect(pulled).toBeLessThan(2000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(isReleased).toBe(true);
  });

  it("recognises Quorum's own CSV export and maps every column back", async () => {
    const header = 'id,item_id,text,metadata,gold_label,final_label,final_label_source,annotations,prediction_label,prediction_score,model_version\r\n';
    const preview = await previewImport(`${header}a,i1,hello,{},spam,spam,gold,[],,,\r\n`, { fileName: 'export.csv' });
    expect(preview.suggestedMapping).toEqual({
      textField: 'text',
      idField: 'id',
      labelField: 'gold_label',
      annotationsField: 'annotations',
      predictionLabelField: 'prediction_label',
      predictionScoreField: 'prediction_score',
      modelVersionField: 'model_version',
      metadataField: 'metadata',
      // Final labels read back with how they were decided (they were dropped before: issue 13).
      finalLabelField: 'final_label',
      finalLabelSourceField: 'final_label_source',
      ignoreFields: ['item_id'],
    });
  });
});
