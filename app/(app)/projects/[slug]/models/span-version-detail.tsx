'use client';

import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/app/_components/alert';
import { DataTable } from '@/app/_components/data-table';
import { VisibleText } from '@/app/_components/visible-text';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { formatCount, formatPercent } from './format';
import type { TModelVersionDetail } from './model-types';

type TSpanMetrics = NonNullable<NonNullable<TModelVersionDetail['metrics']>['spans']>;
type TLabelRow = TSpanMetrics['perLabel'][number];

/**
 * A span version's evaluation: exact and partial span F1, token F1 and the dictionary baseline on
 * the evaluation items, label by label, and what annotators kept of its pre-annotations. Label names
 * are the project's text, shown as text (bidi controls visible).
 */
export function SpanVersionDetail({ projectId, versionId }: { projectId: number; versionId: number }) {
  const trpc = useTRPC();
  const version = useQuery(trpc.models.version.queryOptions({ projectId, versionId }));
  if (version.error) return <Alert tone="error">{describeError(version.error)}</Alert>;
  if (!version.data) return <p className="text-sm text-slate-700">Loading the version…</p>;
  const { metrics } = version.data;
  const spans = metrics?.spans;
  if (!spans) return <p className="text-sm text-slate-700">v{version.data.version}: no evaluation items with spans to score it on.</p>;
  const acceptance = metrics?.preannotation ?? null;
  return (
    <div className="space-y-3 border-t border-slate-200 pt-4" data-testid="span-version-detail">
      <h3 className="font-semibold">v{version.data.version} on {formatCount(metrics.evalSize)} evaluation items</h3>
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
        <Term label="Span F1, exact" value={formatPercent(spans.exact.f1)} note={`P ${formatPercent(spans.exact.precision)} · R ${formatPercent(spans.exact.recall)}; ${formatCount(spans.exact.correct)} of ${formatCount(spans.exact.gold)} gold spans found`} />
        <Term label="Span F1, partial" value={formatPercent(spans.partialF1)} note="token-overlap credit, as in span agreement" />
        <Term label="Token F1" value={formatPercent(spans.token.f1)} note={`P ${formatPercent(spans.token.precision)} · R ${formatPercent(spans.token.recall)}`} />
        <Term
          label="Dictionary baseline"
          value={formatPercent(spans.baseline.exactF1)}
          note={`exact span F1 of tagging the training spans wherever they recur (token F1 ${formatPercent(spans.baseline.tokenF1)})`}
        />
        <Term
          label="Pre-annotations kept"
          value={formatPercent(acceptance?.rate)}
          note={
            acceptance
              ? `${formatCount(acceptance.kept)} of ${formatCount(acceptance.suggested)} suggested spans kept exactly, in ${formatCount(acceptance.answers)} answers (suggestions at ${formatPercent(acceptance.minConfidence, 0)} confidence or more)`
              : 'not measured yet: measured when the next version trains'
          }
        />
        <Term label="Trained on" value={`${formatCount(spans.trainTokens)} tokens`} note={spans.skippedSpans > 0 ? `${formatCount(spans.skippedSpans)} overlapping spans left out (BIO holds one span per token)` : undefined} />
      </dl>
      <DataTable<TLabelRow>
        caption={`Exact spans per label, v${version.data.version}`}
        testId="span-label-table"
        rows={spans.perLabel}
        rowKey={(row) => String(row.labelId)}
        columns={[
          { header: 'Label', isRowHeader: true, className: 'font-medium', cell: (row) => <VisibleText text={row.label} /> },
          { header: 'Precision', align: 'right', cell: (row) => formatPercent(row.precision) },
          { header: 'Recall', align: 'right', cell: (row) => formatPercent(row.recall) },
          { header: 'F1', align: 'right', cell: (row) => formatPercent(row.f1) },
          { header: 'Gold spans', align: 'right', cell: (row) => formatCount(row.gold) },
          { header: 'Predicted', align: 'right', cell: (row) => formatCount(row.predicted) },
          { header: 'Exactly right', align: 'right', cell: (row) => formatCount(row.correct) },
        ]}
      />
    </div>
  );
}

function Term({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="text-base font-semibold text-slate-900">{value}</dd>
      {note ? <dd className="text-xs text-slate-600">{note}</dd> : null}
    </div>
  );
}
