import { DataTable } from '@/app/_components/data-table';
import type { RouterOutputs } from '@/app/_lib/router-types';

type TImportRun = RouterOutputs['data']['imports'][number];

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function ImportHistory({ imports }: { imports: TImportRun[] }) {
  return (
    <section className="card lg:col-span-3" aria-labelledby="history-heading">
      <h2 id="history-heading" className="font-semibold">
        Recent imports
      </h2>
      <DataTable<TImportRun>
        caption="Recent imports"
        tableClassName="min-w-[40rem]"
        rows={imports}
        rowKey={(run) => String(run.id)}
        rowTestId="import-run"
        emptyText="No imports yet."
        columns={[
          { header: 'When', cell: (run) => timeFormat.format(run.createdAt), className: 'whitespace-nowrap' },
          {
            header: 'File',
            cell: (run) => (
              <span className="block max-w-56 truncate" title={run.fileName ?? undefined}>
                {run.fileName ?? '—'} <span className="text-xs text-slate-600">({run.format})</span>
              </span>
            ),
          },
          {
            header: 'Result',
            cell: (run) => <ImportResult run={run} />,
          },
          { header: 'Rows', cell: (run) => run.rowsRead, align: 'right' },
          { header: 'New items', cell: (run) => run.itemsCreated, align: 'right' },
          { header: 'Duplicates', cell: (run) => run.duplicatesSkipped, align: 'right' },
          { header: 'Rejected', cell: (run) => run.rowsRejected, align: 'right' },
        ]}
      />
    </section>
  );
}

function ImportResult({ run }: { run: TImportRun }) {
  if (run.status === 'succeeded') return <span className="text-green-800">imported</span>;
  if (run.status === 'running' || run.status === 'publishing') return <span>{run.status === 'running' ? 'checking' : 'publishing'}</span>;
  // An interrupted import says why at once: the server stopped, not the file.
  if (run.status === 'interrupted') {
    return (
      <span className="text-red-700" data-testid="import-interrupted">
        interrupted
        <span className="block max-w-72 text-xs text-slate-600">{run.error}</span>
      </span>
    );
  }
  return (
    <span className="text-red-700" title={run.error ?? undefined}>
      {run.itemsCreated > 0 ? 'stopped part-way' : 'nothing imported'}
    </span>
  );
}
