'use client';

import { useState, type ReactNode } from 'react';
import { buildCsv, downloadText, type TCsvValue } from './csv';

export type TColumn<TRow> = {
  header: string;
  cell: (row: TRow) => ReactNode;
  /** The cell's value in the CSV download (raw numbers, not the formatted text). */
  csv: (row: TRow) => TCsvValue;
  /** The CSV column's name when it differs (say, with its unit). */
  csvHeader?: string;
  isNumeric?: boolean;
  /** Only in the CSV: a raw figure the screen shows inside another column. */
  isCsvOnly?: boolean;
};

/** A captioned table with a "Download CSV" button; every table of the report goes through here. */
export function DataTable<TRow>({
  caption,
  fileName,
  columns,
  rows,
  rowKey,
  emptyText = 'Nothing to show yet.',
  testId,
  initialRows,
}: {
  caption: string;
  fileName: string;
  columns: TColumn<TRow>[];
  rows: TRow[];
  rowKey: (row: TRow, index: number) => string;
  emptyText?: string;
  testId?: string;
  /** Long tables show this many rows until asked for all; the CSV always has every row. */
  initialRows?: number;
}) {
  const [isExpanded, setIsExpanded] = useState(false);
  const isTruncated = initialRows !== undefined && rows.length > initialRows && !isExpanded;
  const visibleRows = isTruncated ? rows.slice(0, initialRows) : rows;
  const shown = columns.filter((column) => !column.isCsvOnly);
  const download = () =>
    downloadText(
      fileName,
      buildCsv(
        columns.map((column) => column.csvHeader ?? column.header),
        rows.map((row) => columns.map((column) => column.csv(row))),
      ),
    );
  return (
    <div className="mt-4" data-testid={testId}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-slate-800">{caption}</p>
        <button type="button" className="btn-secondary px-2.5 py-1 text-xs print:hidden" onClick={download} disabled={rows.length === 0} aria-label={`Download CSV: ${caption}`}>
          Download CSV
        </button>
      </div>
      <div className="overflow-x-auto rounded-md border border-slate-200">
        <table className="w-full min-w-max border-collapse text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-600">
            <tr>
              {shown.map((column) => (
                <th key={column.header} scope="col" className={`px-3 py-2 font-semibold ${column.isNumeric ? 'text-right' : ''}`}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={shown.length} className="px-3 py-3 text-slate-600">
                  {emptyText}
                </td>
              </tr>
            ) : (
              visibleRows.map((row, index) => (
                <tr key={rowKey(row, index)} className="border-t border-slate-200">
                  {shown.map((column) => (
                    <td key={column.header} className={`px-3 py-2 align-top ${column.isNumeric ? 'text-right tabular-nums' : ''}`}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {initialRows !== undefined && rows.length > initialRows ? (
        <button type="button" className="link mt-2 text-sm print:hidden" onClick={() => setIsExpanded(!isExpanded)} aria-expanded={isExpanded}>
          {isExpanded ? 'Show fewer rows' : `Show all ${rows.length.toLocaleString('en')} rows`}
        </button>
      ) : null}
    </div>
  );
}
