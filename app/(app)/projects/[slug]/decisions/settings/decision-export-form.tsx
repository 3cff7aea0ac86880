import { DECISION_EXPORT_FORMATS, DECISION_STATUSES } from '@/server/routers/decision-record.schema';

/** A plain GET form: the browser downloads the streamed export with the session it already has. */
export function DecisionExportForm({ slug }: { slug: string }) {
  return (
    <form action={`/api/v1/projects/${encodeURIComponent(slug)}/decisions/export`} method="get" className="card space-y-3 lg:col-span-2" aria-labelledby="export-heading">
      <h2 id="export-heading" className="font-semibold">
        Export the record
      </h2>
      <p className="text-sm text-slate-700">
        Every decision with its input hash, model version and hash, probabilities, threshold and policy, route and reason, reviewers and their answers, times and
        webhook outcome. Also <code className="font-mono text-xs">npx quorum decisions export --project {slug}</code>.
      </p>
      <div className="grid gap-3 sm:grid-cols-4">
        <div>
          <label htmlFor="export-format" className="block text-sm font-medium text-slate-800">
            Format
          </label>
          <select id="export-format" name="format" className="input mt-1" defaultValue="csv">
            {DECISION_EXPORT_FORMATS.map((format) => (
              <option key={format} value={format}>
                {format === 'csv' ? 'CSV' : 'JSON Lines'}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="export-status" className="block text-sm font-medium text-slate-800">
            Status
          </label>
          <select id="export-status" name="status" className="input mt-1" defaultValue="">
            <option value="">All</option>
            {DECISION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="export-from" className="block text-sm font-medium text-slate-800">
            Arrived from (UTC)
          </label>
          <input id="export-from" name="from" type="date" className="input mt-1" />
        </div>
        <div>
          <label htmlFor="export-to" className="block text-sm font-medium text-slate-800">
            Arrived before (UTC)
          </label>
          <input id="export-to" name="to" type="date" className="input mt-1" />
        </div>
      </div>
      <div className="flex justify-end">
        <button type="submit" className="btn-primary">
          Download
        </button>
      </div>
    </form>
  );
}
