import { quoteCsvCell } from '@/server/export/csv-cell';
import type { TImportFormat, TImportProblem } from './types';

export type TRejectedRowsFile = { fileName: string; contentType: string; content: string };

type TRejectedRow = { row: number; record: unknown; problem: string };

const PROBLEM_COLUMN = 'quorum_problem';
const ROW_COLUMN = 'quorum_row';

function groupByRow(problems: readonly TImportProblem[]): TRejectedRow[] {
  const rows = new Map<number, TRejectedRow>();
  for (const problem of problems) {
    const text = problem.field ? `${problem.field}: ${problem.reason}` : problem.reason;
    const current = rows.get(problem.row);
    if (current) {
      current.problem += `; ${text}`;
      current.record ??= problem.record;
    } else {
      rows.set(problem.row, { row: problem.row, record: problem.record, problem: text });
    }
  }
  return [...rows.values()].sort((a, b) => a.row - b.row);
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return quoteCsvCell(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * The rejected rows handed back as a file in the shape they came in (CSV/TSV with the original
 * columns, else JSON Lines of the original objects), each with its row number and what was wrong, so
 * they can be fixed and imported again. Rows too large or too broken to keep are listed without content.
 */
export function formatRejectedRows(problems: readonly TImportProblem[], format: TImportFormat | null): TRejectedRowsFile {
  const rows = groupByRow(problems);
  if (format === 'csv' || format === 'tsv') {
    const delimiter = format === 'tsv' ? '\t' : ',';
    const columns: string[] = [];
    for (const { record } of rows) {
      if (record && typeof record === 'object') for (const key of Object.keys(record)) if (!columns.includes(key)) columns.push(key);
    }
    const header = [ROW_COLUMN, ...columns, PROBLEM_COLUMN].map(formatCell).join(delimiter);
    const lines = rows.map(({ row, record, problem }) => {
      const values = record && typeof record === 'object' ? (record as Record<string, unknown>) : {};
      return [String(row), ...columns.map((column) => formatCell(values[column])), formatCell(problem)].join(delimiter);
    });
    return { fileName: `rejected-rows.${format}`, contentType: format === 'tsv' ? 'text/tab-separated-values' : 'text/csv', content: `${[header, ...lines].join('\n')}\n` };
  }
  const lines = rows.map(({ row, record, problem }) => {
    const base = record && typeof record === 'object' && !Array.isArray(record) ? (record as Record<string, unknown>) : record === undefined ? {} : { value: record };
    return JSON.stringify({ ...base, [ROW_COLUMN]: row, [PROBLEM_COLUMN]: problem });
  });
  return { fileName: 'rejected-rows.jsonl', contentType: 'application/x-ndjson', content: lines.length > 0 ? `${lines.join('\n')}\n` : '' };
}
