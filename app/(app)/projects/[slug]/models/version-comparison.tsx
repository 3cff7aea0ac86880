'use client';

import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/app/_components/alert';
import { DataTable } from '@/app/_components/data-table';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { formatCount, formatPercent } from './format';
import type { TModelVersionDetail } from './model-types';

function formatDelta(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const points = value * 100;
  return `${points >= 0 ? '+' : ''}${points.toFixed(1)} pts`;
}

/** Two versions side by side: headline metrics, per-class F1, and each one's confusion matrix. */
export function VersionComparison({ projectId, a, b }: { projectId: number; a: number; b: number }) {
  const trpc = useTRPC();
  const comparison = useQuery(trpc.models.compare.queryOptions({ projectId, a, b }));
  if (comparison.error) return <Alert tone="error">{describeError(comparison.error)}</Alert>;
  if (!comparison.data) return <p className="text-sm text-slate-700">Loading the comparison…</p>;
  const { a: left, b: right, delta, perClass, isSameEvalSet } = comparison.data;
  // Label sets: micro-F1 in place of accuracy, and neither a calibration error nor a confusion matrix of one label.
  const isMultiLabel = left.task === 'multi_label' && right.task === 'multi_label';
  const headline = isMultiLabel
    ? [{ name: 'Micro-F1', left: formatPercent(left.microF1?.value), right: formatPercent(right.microF1?.value), change: formatDelta(delta.microF1) }]
    : [{ name: 'Accuracy', left: formatPercent(left.accuracy?.value), right: formatPercent(right.accuracy?.value), change: formatDelta(delta.accuracy) }];
  const calibration = isMultiLabel ? [] : [{ name: 'Calibration error', left: formatPercent(left.ece?.value), right: formatPercent(right.ece?.value), change: formatDelta(delta.ece) }];
  return (
    <div className="space-y-4 border-t border-slate-200 pt-4" data-testid="version-comparison">
      <h3 className="font-semibold">
        v{left.version} → v{right.version}
      </h3>
      {!isSameEvalSet ? <Alert tone="info">The two versions were scored on different evaluation items: compare with care.</Alert> : null}
      <DataTable<TMetricRow>
        caption="Metrics of the two versions"
        rows={[
          ...headline,
          { name: 'Macro-F1', left: formatPercent(left.macroF1?.value), right: formatPercent(right.macroF1?.value), change: formatDelta(delta.macroF1) },
          ...calibration,
          {
            name: 'Training labels',
            left: formatCount(left.labelCount),
            right: formatCount(right.labelCount),
            change: `${delta.labelCount >= 0 ? '+' : ''}${formatCount(delta.labelCount)}`,
          },
          ...perClass.map((entry) => ({
            name: `F1 of “${entry.label}”`,
            left: formatPercent(entry.f1A),
            right: formatPercent(entry.f1B),
            change: formatDelta(entry.f1A !== null && entry.f1B !== null ? entry.f1B - entry.f1A : null),
          })),
        ]}
        rowKey={(row) => row.name}
        columns={[
          { header: 'Metric', isRowHeader: true, className: 'font-normal', cell: (row) => row.name },
          { header: `v${left.version}`, align: 'right', cell: (row) => row.left },
          { header: `v${right.version}`, align: 'right', cell: (row) => row.right },
          { header: 'Change', align: 'right', cell: (row) => row.change },
        ]}
      />
      {isMultiLabel ? null : (
        <div className="grid gap-4 md:grid-cols-2">
          <ConfusionMatrix version={left} />
          <ConfusionMatrix version={right} />
        </div>
      )}
    </div>
  );
}

type TMetricRow = { name: string; left: string; right: string; change: string };

export function ConfusionMatrix({ version }: { version: TModelVersionDetail }) {
  const metrics = version.metrics;
  if (!metrics?.confusion) return <p className="text-sm text-slate-700">v{version.version}: no labeled evaluation items.</p>;
  const names = metrics.classes.map((c) => c.name);
  const title = `v${version.version}: true label (rows) against predicted (columns)`;
  return (
    <div className="overflow-x-auto">
      <p className="mb-1 text-sm font-medium" aria-hidden="true">
        {title}
      </p>
      <table className="text-sm">
        <caption className="sr-only">{title}</caption>
        <thead>
          <tr>
            <th scope="col" className="p-1">
              <span className="sr-only">True label</span>
            </th>
            {names.map((name) => (
              <th key={name} scope="col" className="max-w-24 truncate p-1 text-xs font-medium text-slate-700">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {metrics.confusion.map((row, t) => (
            <tr key={names[t]}>
              <th scope="row" className="max-w-24 truncate p-1 text-left text-xs font-medium text-slate-700">
                {names[t]}
              </th>
              {row.map((count, p) => (
                <td key={p} className={`p-1 text-right tabular-nums ${t === p ? 'bg-green-50 font-semibold' : count > 0 ? 'bg-red-50' : ''}`}>
                  {count}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
