import type { RouterOutputs } from '@/app/_lib/router-types';

type TImportRun = RouterOutputs['data']['imports'][number];

const timeFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function ImportHistory({ imports }: { imports: TImportRun[] }) {
  return (
    <section className="card lg:col-span-3" aria-labelledby="history-heading">
      <h2 id="history-heading" className="font-semibold">
        Recent imports
      </h2>
      {imports.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No imports yet.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th className="py-1 pr-4 font-medium">When</th>
                <th className="py-1 pr-4 font-medium">File</th>
                <th className="py-1 pr-4 font-medium">Result</th>
                <th className="py-1 pr-4 text-right font-medium">Rows</th>
                <th className="py-1 pr-4 text-right font-medium">New items</th>
                <th className="py-1 pr-4 text-right font-medium">Duplicates</th>
                <th className="py-1 text-right font-medium">Rejected</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((run) => (
                <tr key={run.id} className="border-t border-slate-100" data-testid="import-run">
                  <td className="whitespace-nowrap py-1.5 pr-4">{timeFormat.format(run.createdAt)}</td>
                  <td className="max-w-56 truncate py-1.5 pr-4" title={run.fileName ?? undefined}>
                    {run.fileName ?? '—'} <span className="text-xs text-slate-600">({run.format})</span>
                  </td>
                  <td className="py-1.5 pr-4">
                    {run.status === 'succeeded' ? (
                      <span className="text-green-800">imported</span>
                    ) : (
                      <span className="text-red-700" title={run.error ?? undefined}>
                        {run.status === 'running' ? 'running' : 'nothing imported'}
                      </span>
                    )}
                  </td>
                  <td className="py-1.5 pr-4 text-right tabular-nums">{run.rowsRead}</td>
                  <td className="py-1.5 pr-4 text-right tabular-nums">{run.itemsCreated}</td>
                  <td className="py-1.5 pr-4 text-right tabular-nums">{run.duplicatesSkipped}</td>
                  <td className="py-1.5 text-right tabular-nums">{run.rowsRejected}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
