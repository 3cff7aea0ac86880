import { formatCsvCell } from '@/server/export/csv-cell';
import type { TImportFormat, TImportProblem } from './types';

/** One refused row: where it was, what was wrong (every problem, joined), and its content when kept. */
export type TRejectedRow = { row: number; record: unknown; problem: string };

export type TRejectedRowsFileType = { extension: 'csv' | 'tsv' | 'jsonl'; contentType: string };

const PROBLEM_COLUMN = 'quorum_problem';
const ROW_COLUMN = 'quorum_row';

/** How many rows the problems refuse (a row may have several). */
export function countProblemRows(problems: readonly TImportProblem[]): number {
  return new Set(problems.map((problem) => problem.row)).size;
}

/** The problems of each row merged into one rejected row, in row order. */
export function groupProblemsByRow(problems: readonly TImportProblem[]): TRejectedRow[] {
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

/** Tabular files come back tabular; everything else (JSONL, JSON, Label Studio) as JSON Lines. */
export function getRejectedRowsFileType(format: TImportFormat | null): TRejectedRowsFileType {
  if (format === 'csv') return { extension: 'csv', contentType: 'text/csv; charset=utf-8' };
  if (format === 'tsv') return { extension: 'tsv', contentType: 'text/tab-separated-values; charset=utf-8' };
  return { extension: 'jsonl', contentType: 'application/x-ndjson; charset=utf-8' };
}

/** Opened in a spreadsheet like an export is, so formulas are defused the same way. */
function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return formatCsvCell(typeof value === 'string' ? value : JSON.stringify(value), true);
}

/**
 * The rejected rows as a file in the shape they came in (CSV/TSV with the original columns, else JSON
 * Lines of the original objects), each with its row number and what was wrong, so they can be fixed
 * and imported again. Rows too large or too broken to keep are listed without content. Streams page by
 * page; the CSV columns are those of the first page (a CSV file's rows all share its header).
 */
export async function* formatRejectedRows(pages: AsyncIterable<readonly TRejectedRow[]>, format: TImportFormat | null): AsyncGenerator<string> {
  const isTabular = format === 'csv' || format === 'tsv';
  const delimiter = format === 'tsv' ? '\t' : ',';
  let columns: string[] | null = null;
  for await (const page of pages) {
    if (!isTabular) {
      yield page.map(formatJsonLine).join('');
      continue;
    }
    if (!columns) {
      columns = collectColumns(page);
      yield `${[ROW_COLUMN, ...columns, PROBLEM_COLUMN].map(formatCell).join(delimiter)}\n`;
    }
    const known = columns;
    yield page
      .map(({ row, record, problem }) => {
        const values = record && typeof record === 'object' ? (record as Record<string, unknown>) : {};
        return `${[String(row), ...known.map((column) => formatCell(values[column])), formatCell(problem)].join(delimiter)}\n`;
      })
      .join('');
  }
  if (isTabular && !columns) yield `${[ROW_COLUMN, PROBLEM_COLUMN].join(delimiter)}\n`;
}

function collectColumns(rows: readonly TRejectedRow[]): string[] {
  const columns = new Set<string>();
  for (const { record } of rows) if (record && typeof record === 'object') for (const key of Object.keys(record)) columns.add(key);
  return [...columns];
}

function formatJsonLine({ row, record, problem }: TRejectedRow): string {
  const base = record && typeof record === 'object' && !Array.isArray(record) ? (record as Record<string, unknown>) : record === undefined ? {} : { value: record };
  return `${JSON.stringify({ ...base, [ROW_COLUMN]: row, [PROBLEM_COLUMN]: problem })}\n`;
}
