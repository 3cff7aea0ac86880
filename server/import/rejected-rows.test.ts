import { describe, expect, it } from 'vitest';
import { collectImport } from './import-stream';
import { formatRejectedRows } from './rejected-rows';

const SETTINGS = { mapping: { textField: 'text', labelField: 'label', idField: 'id' }, labels: ['spam', 'ham'] };

describe('formatRejectedRows', () => {
  it('hands CSV rows back with their original columns, row numbers and problems', async () => {
    const csv = 'id,text,label,source\n1,fine,spam,web\n2,"bad, label",eggs,mail\n3,,ham,web\n';
    const { problems } = await collectImport(csv, { ...SETTINGS, format: 'csv' });
    const file = formatRejectedRows(problems, 'csv');
    expect(file.fileName).toBe('rejected-rows.csv');
    expect(file.content.split('\n')).toEqual([
      'quorum_row,id,text,label,source,quorum_problem',
      expect.stringMatching(/^3,2,"bad, label",eggs,mail,"label: unknown label ""eggs""/),
      expect.stringMatching(/^4,3,,ham,web,text: /),
      '',
    ]);
    // The fixed file imports again once the problem column is dropped.
    const fixed = file.content.replace('eggs', 'spam');
    const again = await collectImport(fixed.replace(/^4,.*\n/m, ''), { ...SETTINGS, format: 'csv', mapping: { ...SETTINGS.mapping, ignoreFields: ['quorum_row', 'quorum_problem'] } });
    expect(again.rows.map((row) => [row.externalId, row.goldLabel])).toEqual([['2', 'spam']]);
  });

  it('hands JSON rows back as JSON Lines, and lists rows it could not keep', async () => {
    const jsonl = '{"id":1,"text":"ok","label":"ham"}\n{"id":2,"text":42,"label":"ham"}\nnot json\n';
    const { problems } = await collectImport(jsonl, { ...SETTINGS, format: 'jsonl' });
    const lines = formatRejectedRows(problems, 'jsonl').content.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ id: 2, text: 42, label: 'ham', quorum_row: 2 });
    expect(lines[0].quorum_problem).toMatch(/^text: /);
    expect(lines[1]).toMatchObject({ quorum_row: 3, quorum_problem: expect.stringMatching(/malformed JSON/i) });
  });
});
