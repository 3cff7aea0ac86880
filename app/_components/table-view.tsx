import type { ReactNode } from 'react';
import type { TCsvValue } from '@/app/_lib/csv-download';

export type TColumn<TRow> = {
  header: ReactNode;
  cell: (row: TRow) => ReactNode;
  /** Numbers line up on the right (in tabular figures). */
  align?: 'left' | 'right';
  /** The cell names its row (`<th scope="row">`), as a metric's or a strategy's name does; give it a font weight in `className`. */
  isRowHeader?: boolean;
  /** Extra classes for this column's cells (no wrapping, a monospace font). */
  className?: string;
  /** The cell's value in the CSV download (raw numbers, not the formatted text); needed when the table offers one. */
  csv?: (row: TRow) => TCsvValue;
  /** The CSV column's name when it differs (say, with its unit), or when the header is not plain text. */
  csvHeader?: string;
  /** Only in the CSV: a raw figure the screen shows inside another column. */
  isCsvOnly?: boolean;
};

export type TDataTableProps<TRow> = {
  /** The table's accessible name; shown above it when it offers a download. */
  caption: string;
  columns: readonly TColumn<TRow>[];
  rows: readonly TRow[];
  rowKey: (row: TRow, index: number) => string;
  /** Without rows: said in place of the table, or in its one row when the table offers a download. */
  emptyText?: string;
  /** Offers every row as a CSV file of this name ("Download CSV"). */
  csvFileName?: string;
  /** Long tables show this many rows until asked for all; the CSV always has every row. */
  initialRows?: number;
  /** Framed in a border with a shaded header, as the report's and the import's tables are. */
  isFramed?: boolean;
  /** A tailwind max-height class: the table scrolls inside it under a header that stays put. */
  maxHeight?: string;
  /** Extra classes for the `<table>` (a minimum width, a smaller text size). */
  tableClassName?: string;
  testId?: string;
  rowTestId?: string;
};

/** The `<table>` itself, for the rows to show; no state, so server components render it too. */
export function TableView<TRow>({
  caption,
  columns,
  rows,
  rowKey,
  emptyText = 'Nothing to show yet.',
  isFramed = false,
  maxHeight,
  tableClassName = '',
  rowTestId,
}: TDataTableProps<TRow>) {
  const shown = columns.filter((column) => !column.isCsvOnly);
  const cellPadding = isFramed ? 'px-3 py-2' : 'py-2 pr-3 last:pr-0';
  return (
    // Focusable, so keyboard users can scroll a table wider (or taller) than its box with the arrow keys.
    // No role or name of its own: the table inside carries the caption (a second region named like a
    // card's heading would be ambiguous).
    <div
      className={`${maxHeight ? `${maxHeight} overflow-auto` : 'overflow-x-auto'} ${isFramed ? 'rounded-md border border-slate-200' : ''}`}
      tabIndex={0}
    >
      <table className={`w-full border-collapse text-left text-sm ${tableClassName}`}>
        <caption className="sr-only">{caption}</caption>
        <thead className={`text-xs uppercase tracking-wide text-slate-600 ${isFramed || maxHeight ? 'bg-slate-50' : 'border-b border-slate-200'} ${maxHeight ? 'sticky top-0' : ''}`}>
          <tr>
            {shown.map((column, index) => (
              <th key={index} scope="col" className={`${cellPadding} font-semibold ${column.align === 'right' ? 'text-right' : ''}`}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={shown.length} className={`${cellPadding} text-slate-600`}>
                {emptyText}
              </td>
            </tr>
          ) : (
            rows.map((row, rowIndex) => (
              <tr key={rowKey(row, rowIndex)} className={`align-top ${isFramed ? 'border-t border-slate-200' : 'border-b border-slate-100'}`} data-testid={rowTestId}>
                {shown.map((column, index) => {
                  const className = `${cellPadding} ${column.align === 'right' ? 'text-right tabular-nums' : ''} ${column.className ?? ''}`;
                  return column.isRowHeader ? (
                    <th key={index} scope="row" className={className}>
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td key={index} className={className}>
                      {column.cell(row)}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
