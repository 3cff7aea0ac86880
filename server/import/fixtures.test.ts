import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectImport } from './import-stream';
import { ZImportFormat, ZImportMapping, type TImportProblem } from './types';
import { z } from 'zod';

const BAD_DIR = path.join(import.meta.dirname, 'fixtures', 'bad');

const ZCase = z.object({
  file: z.string(),
  format: ZImportFormat.optional(),
  mapping: ZImportMapping,
  labels: z.array(z.string()).nullable(),
  accepted: z.number().int(),
  complete: z.boolean().default(true),
  problems: z.array(z.object({ row: z.number().int(), field: z.string().nullable(), reason: z.string() })),
});

const cases = z.array(ZCase).parse(JSON.parse(readFileSync(path.join(BAD_DIR, 'cases.json'), 'utf8')));

function describeProblems(problems: TImportProblem[]): string {
  return problems.map((p) => `${p.row} ${p.field} ${p.reason}`).join('\n');
}

describe('bad fixtures (fixtures/bad/cases.json)', () => {
  it.each(cases.map((c) => [c.file, c] as const))('%s', async (_file, testCase) => {
    const bytes = readFileSync(path.join(BAD_DIR, testCase.file));
    const { rows, problems, totals } = await collectImport(bytes, {
      fileName: testCase.file,
      format: testCase.format,
      mapping: testCase.mapping,
      labels: testCase.labels,
    });
    expect(problems.length, describeProblems(problems)).toBe(testCase.problems.length);
    testCase.problems.forEach((expected, i) => {
      const actual = problems[i]!;
      expect({ row: actual.row, field: actual.field }, actual.reason).toEqual({ row: expected.row, field: expected.field });
      expect(actual.reason).toContain(expected.reason);
    });
    expect(rows).toHaveLength(testCase.accepted);
    expect(totals.isComplete).toBe(testCase.complete);
  });

  it('covers every file in fixtures/bad', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(BAD_DIR).filter((f) => f !== 'cases.json');
    expect(files.sort()).toEqual(cases.map((c) => c.file).sort());
  });
});
