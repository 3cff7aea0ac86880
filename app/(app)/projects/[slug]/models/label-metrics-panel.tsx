'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { DataTable } from '@/app/_components/data-table';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { formatCount, formatInterval, formatPercent } from './format';
import type { TModelVersionSummary } from './model-types';

type TLabelRow = {
  labelId: number;
  label: string;
  precision: number;
  recall: number;
  f1: number;
  f1Interval: [number, number] | null;
  support: number;
  predicted: number;
  threshold: number | null;
  thresholdSource: 'tuned' | 'default' | null;
};

/** What a multi-label version's stored metrics add to the single-label ones (format-multilabel-metrics.ts). */
type TSetMetrics = {
  microPrecision?: number | null;
  microRecall?: number | null;
  subsetAccuracy?: number | null;
  hammingLoss?: number | null;
  evalEmptySets?: number;
  setBaseline?: { kind: 'label_majority' | 'most_frequent_set'; labels: { id: number; name: string }[]; microF1: number } | null;
  thresholds?: { labelId: number; threshold: number; source: 'tuned' | 'default' }[];
};

/**
 * A multi-label version label by label: precision, recall and F1 (with its 95% interval) on the
 * evaluation set, how often the label was true and predicted, and the threshold its probability must
 * reach; above the table, the figures of whole sets. The current version unless another is chosen.
 */
export function LabelMetricsPanel({ projectId, versions }: { projectId: number; versions: readonly TModelVersionSummary[] }) {
  const trpc = useTRPC();
  const ready = versions.filter((version) => version.status === 'ready');
  const [chosenId, setChosenId] = useState<number | null>(null);
  const shownId = chosenId ?? ready.find((version) => version.isCurrent)?.id ?? ready[0]?.id ?? null;
  const detail = useQuery(trpc.models.version.queryOptions({ projectId, versionId: shownId ?? 0 }, { enabled: shownId !== null }));
  if (shownId === null) return null;
  const metrics = detail.data?.metrics ?? null;
  const extra = (metrics ?? {}) as TSetMetrics;
  const thresholds = new Map((extra.thresholds ?? []).map((entry) => [entry.labelId, entry]));
  const rows: TLabelRow[] = (metrics?.perClass ?? []).map((entry) => ({
    labelId: entry.labelId,
    label: entry.label,
    precision: entry.precision,
    recall: entry.recall,
    f1: entry.f1,
    f1Interval: entry.ci95?.f1 ?? null,
    support: entry.support,
    predicted: entry.predicted,
    threshold: thresholds.get(entry.labelId)?.threshold ?? null,
    thresholdSource: thresholds.get(entry.labelId)?.source ?? null,
  }));
  const baseline = extra.setBaseline;
  return (
    <div className="space-y-3 border-t border-slate-200 pt-4" data-testid="label-metrics">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h3 className="font-semibold">Label by label</h3>
        {ready.length > 1 ? (
          <div>
            <label htmlFor="label-metrics-version" className="block text-sm font-medium text-slate-800">
              Version
            </label>
            <select id="label-metrics-version" className="input mt-1" value={shownId} onChange={(event) => setChosenId(Number(event.target.value))}>
              {ready.map((version) => (
                <option key={version.id} value={version.id}>
                  v{version.version}
                  {version.isCurrent ? ' (current)' : ''}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {detail.error ? <Alert tone="error">{describeError(detail.error)}</Alert> : null}
      {metrics ? (
        <>
          <p className="text-sm text-slate-700" data-testid="set-metrics">
            v{detail.data!.version} on {formatCount(metrics.evalSize)} evaluation items ({formatCount(extra.evalEmptySets ?? 0)} of them “none of these”): micro-precision{' '}
            {formatPercent(extra.microPrecision)}, micro-recall {formatPercent(extra.microRecall)}; the whole set right on {formatPercent(extra.subsetAccuracy)} of the items, a label
            wrong in {formatPercent(extra.hammingLoss)} of the item-label decisions.
            {baseline
              ? ` The constant answer to beat, ${baseline.labels.length > 0 ? baseline.labels.map((label) => `“${label.name}”`).join(' + ') : '“none of these”'} for every item (${baseline.kind === 'label_majority' ? 'each label’s majority' : 'the commonest set'}), has micro-F1 ${formatPercent(baseline.microF1)}.`
              : ''}
          </p>
          <DataTable<TLabelRow>
            caption={`Precision, recall and F1 per label of version ${detail.data!.version}`}
            testId="label-metrics-table"
            rows={rows}
            rowKey={(row) => String(row.labelId)}
            emptyText="No labeled evaluation items: nothing to score the labels on."
            columns={[
              { header: 'Label', isRowHeader: true, className: 'max-w-64 break-words font-medium', cell: (row) => row.label },
              { header: 'Precision', align: 'right', cell: (row) => formatPercent(row.precision) },
              { header: 'Recall', align: 'right', cell: (row) => formatPercent(row.recall) },
              {
                header: 'F1 (95% CI)',
                align: 'right',
                cell: (row) => (
                  <>
                    {formatPercent(row.f1)}
                    <div className="text-xs text-slate-600">{formatInterval(row.f1Interval)}</div>
                  </>
                ),
              },
              { header: 'True', align: 'right', cell: (row) => formatCount(row.support) },
              { header: 'Predicted', align: 'right', cell: (row) => formatCount(row.predicted) },
              {
                header: 'Threshold',
                align: 'right',
                cell: (row) => (
                  <>
                    {row.threshold === null ? '—' : row.threshold.toFixed(2)}
                    <div className="text-xs text-slate-600">{row.thresholdSource === 'tuned' ? 'tuned' : row.thresholdSource === 'default' ? 'default (too few to tune)' : ''}</div>
                  </>
                ),
              },
            ]}
          />
        </>
      ) : detail.isLoading ? (
        <p className="text-sm text-slate-700">Loading the version…</p>
      ) : null}
    </div>
  );
}
