'use client';

import { useState } from 'react';
import { buildCsv, downloadText } from '@/app/_lib/csv-download';
import { TableView, type TDataTableProps } from './table-view';

/** A table with a "Download CSV" button and, when long, a "Show all rows" toggle. Its cells are functions: render it from a client component. */
export function DownloadableTable<TRow>(props: TDataTableProps<TRow>) {
  const { caption, columns, rows, csvFileName, initialRows, testId } = props;
  const [isExpanded, setIsExpanded] = useState(false);
  const isTruncated = initialRows !== undefined && rows.length > initialRows && !isExpanded;
  const download = () =>
    downloadText(
      csvFileName ?? 'table.csv',
      buildCsv(
        columns.map((column) => column.csvHeader ?? String(column.header)),
        rows.map((row) => columns.map((column) => column.csv?.(row))),
      ),
    );
  return (
    <div className="mt-4" data-testid={testId}>
      {csvFileName ? (
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm font-medium text-slate-800">{caption}</p>
          <button type="button" className="btn-secondary px-2.5 py-1 text-xs print:hidden" onClick={download} disabled={rows.length === 0} aria-label={`Download CSV: ${caption}`}>
            Download CSV
          </button>
        </div>
      ) : null}
      <TableView {...props} rows={isTruncated ? rows.slice(0, initialRows) : rows} />
      {initialRows !== undefined && rows.length > initialRows ? (
        <button type="button" className="link mt-2 text-sm print:hidden" onClick={() => setIsExpanded(!isExpanded)} aria-expanded={isExpanded}>
          {isExpanded ? 'Show fewer rows' : `Show all ${rows.length.toLocaleString('en')} rows`}
        </button>
      ) : null}
    </div>
  );
}
