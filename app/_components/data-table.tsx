import { DownloadableTable } from './downloadable-table';
import { TableView, type TDataTableProps } from './table-view';

export type { TColumn } from './table-view';

/**
 * A captioned table of typed columns (header, cell, alignment), or its empty text: every table of
 * rows in the app goes through here. Plain tables render anywhere; one with a CSV download or a
 * row limit keeps state, so it needs a client component around it (its cells are functions).
 */
export function DataTable<TRow>(props: TDataTableProps<TRow>) {
  if (props.csvFileName !== undefined || props.initialRows !== undefined) return <DownloadableTable {...props} />;
  if (props.rows.length === 0) {
    return (
      <p className="mt-2 text-sm text-slate-600" data-testid={props.testId}>
        {props.emptyText ?? 'Nothing to show yet.'}
      </p>
    );
  }
  return (
    <div className="mt-3" data-testid={props.testId}>
      <TableView {...props} />
    </div>
  );
}
