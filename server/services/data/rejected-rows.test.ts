import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { readStreamText } from '@/server/export/byte-stream';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { openRejectedRowsFile } from './rejected-rows';
import { importItems, MAX_REPORTED_PROBLEMS } from './import-items';

const MAPPING = { textField: 'text', labelField: 'label', idField: 'id' };

/** `good` valid rows, then `bad` rows with an unknown label, interleaved. */
function buildCsv(good: number, bad: number): string {
  const lines = ['id,text,label,note'];
  for (let i = 0; i < Math.max(good, bad); i++) {
    if (i < good) lines.push(`g${i},good text ${i},spam,ok`);
    if (i < bad) lines.push(`b${i},bad text ${i},eggs,"needs, a fix"`);
  }
  return `${lines.join('\n')}\n`;
}

describe('rejected rows of an import', () => {
  let harness: TTestHarness;
  let admin: TActor;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Importer', 'admin');
  });
  afterAll(() => harness.close());

  const download = async (projectId: number, importId: number) => {
    const file = await openRejectedRowsFile(harness.db, projectId, importId);
    return { ...file, text: await readStreamText(file.body) };
  };

  it('with skip-invalid, hands back every refused row, far beyond the reported problems', async () => {
    const project = await harness.createProjectAs(admin, 'many-bad', ['spam', 'ham']);
    const bad = MAX_REPORTED_PROBLEMS + 500;
    const result = await importItems(harness.db, admin, project.id, buildCsv(300, bad), { mapping: MAPPING, skipInvalid: true });
    expect(result).toMatchObject({ status: 'succeeded', itemsCreated: 300, rowsRejected: bad, problemCount: bad });
    expect(result.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
    // The report says where and why; the rows travel in the file.
    expect(result.problems.every((problem) => problem.record === undefined)).toBe(true);

    const file = await download(project.id, result.importId);
    expect(file.fileName).toBe(`rejected-rows-${result.importId}.csv`);
    const rows = Papa.parse<Record<string, string>>(file.text.trim(), { header: true }).data;
    expect(rows).toHaveLength(bad);
    expect(Object.keys(rows[0]!)).toEqual(['quorum_row', 'id', 'text', 'label', 'note', 'quorum_problem']);
    expect(rows.at(-1)).toMatchObject({ id: `b${bad - 1}`, label: 'eggs', note: 'needs, a fix', quorum_problem: expect.stringMatching(/^label: unknown label/) });
    expect(new Set(rows.map((row) => row.id)).size).toBe(bad);
  });

  it('keeps the reported rows of a refused all-or-nothing import, and rows whose text holds NUL', async () => {
    const project = await harness.createProjectAs(admin, 'refused', ['spam', 'ham']);
    const jsonl = '{"id":"a","text":"fine","label":"spam"}\n{"id":"b","text":"nul \\u0000 inside","label":"eggs"}\n';
    const result = await importItems(harness.db, admin, project.id, jsonl, { format: 'jsonl', mapping: MAPPING });
    expect(result.status).toBe('failed');
    const file = await download(project.id, result.importId);
    expect(file.contentType).toMatch(/^application\/x-ndjson/);
    const lines = file.text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ id: 'b', text: 'nul \u0000 inside', quorum_row: 2 })]);
  });

  it('belongs to its project only', async () => {
    const first = await harness.createProjectAs(admin, 'owner', ['spam', 'ham']);
    const second = await harness.createProjectAs(admin, 'other', ['spam', 'ham']);
    const result = await importItems(harness.db, admin, first.id, buildCsv(1, 1), { mapping: MAPPING, skipInvalid: true });
    await expect(openRejectedRowsFile(harness.db, second.id, result.importId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
