import { describe, expect, it } from 'vitest';
import { collectImport } from './import-stream';
import { formatRejectedRows, getRejectedRowsFileType, groupProblemsByRow, type TRejectedRow } from './rejected-rows';
import type { TImportFormat } from './types';

const SETTINGS = { mapping: { textField: 'text', labelField: 'label', idField: 'id' }, labels: ['spam', 'ham'] };

async function format(pages: TRejectedRow[][], fileFormat: TImportFormat): Promise<string> {
  async function* source() {
    yield* pages;
  }
  let out = '';
  for await (const part of formatRejectedRows(source(), fileFormat)) out += part;
  return out;
}

describe('formatRejectedRows', () => {
  it('hands CSV rows back with their original columns, row numbers and problems', async () => {
    const csv = 'id,text,label,source\n1,fine,spam,web\n2,"bad, label",eggs,mail\n3,,ham,web\n';
    const { problems } = await collectImport(csv, { ...SETTINGS, format: 'csv' });
    const rows = groupProblemsByRow(problems);
    // Split over two pages: the header comes once, from the first.
    const content = await format([rows.slice(0, 1), rows.slice(1)], 'csv');
    expect(getRejectedRowsFileType('csv').extension).toBe('csv');
    expect(content.split('\n')).toEqual([
      'quorum_row,id,text,label,source,quorum_problem',
      expect.stringMatching(/^2,2,"bad, label",eggs,mail,"label: unknown label ""eggs""/),
      expect.stringMatching(/^3,3,,ham,web,text: /),
      '',
    ]);
    // The fixed file imports again once the problem column is dropped.
    const fixed = content.replace('eggs', 'spam');
    const again = await collectImport(fixed.replace(/^3,.*\n/m, ''), { ...SETTINGS, format: 'csv', mapping: { ...SETTINGS.mapping, ignoreFields: ['quorum_row', 'quorum_problem'] } });
    expect(again.rows.map((row) => [row.externalId, row.goldLabel])).toEqual([['2', 'spam']]);
  });

  it('hands JSON rows back as JSON Lines, and lists rows it could not keep', async () => {
    const jsonl = '{"id":1,"text":"ok","label":"ham"}\n{"id":2,"text":42,"label":"ham"}\nnot json\n';
    const { problems } = await collectImport(jsonl, { ...SETTINGS, format: 'jsonl' });
    expect(getRejectedRowsFileType('jsonl').extension).toBe('jsonl');
    const lines = (await format([groupProblemsByRow(problems)], 'jsonl')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ id: 2, text: 42, label: 'ham', quorum_row: 2 });
    expect(lines[0]?.quorum_problem).toMatch(/^text: /);
    expect(lines[1]).toMatchObject({ quorum_row: 3, quorum_problem: expect.stringMatching(/malformed JSON/i) });
  });

  it('joins every problem of a row, and writes a header-only CSV when nothing was refused', async () => {
    const rows = groupProblemsByRow([
      { row: 5, field: 'text', reason: 'text is empty', record: { text: '' } },
      { row: 2, field: null, reason: 'duplicate id' },
      { row: 5, field: 'label', reason: 'unknown label' },
    ]);
    expect(rows).toEqual([
      { row: 2, problem: 'duplicate id', record: undefined },
      { row: 5, problem: 'text: text is empty; label: unknown label', record: { text: '' } },
    ]);
    expect(await format([], 'tsv')).toBe('quorum_row\tquorum_problem\n');
    expect(await format([], 'json')).toBe('');
  });
});
