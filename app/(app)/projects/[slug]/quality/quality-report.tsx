'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/app/_components/alert';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { ActivitySection } from './activity-section';
import { AgreementSection } from './agreement-section';
import { AnnotatorSection } from './annotator-section';
import { DataTable } from '@/app/_components/data-table';
import { formatCount, formatDateTime, formatDuration } from './format';
import { LabelsSection } from './labels-section';
import { ModelSection } from './model-section';
import { MultiLabelSection } from './multi-label-section';
import { OverTimeSection } from './over-time-section';
import type { TQualitySnapshot } from './report-types';
import { ReportSection } from './section';
import { SimulationSection } from './simulation-section';
import { SpanSection } from './span-section';
import { Verdicts } from './verdicts';

/** While a refresh runs in the background the report is polled this often. */
const POLL_MS = 3000;

export function QualityReport({ projectId, slug }: { projectId: number; slug: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reportQuery = useQuery({
    ...trpc.quality.report.queryOptions({ projectId }),
    refetchInterval: (query) => (query.state.data?.status.isRefreshing ? POLL_MS : false),
  });
  const refresh = useMutation(
    trpc.quality.refresh.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.quality.report.queryKey({ projectId }) }),
    }),
  );

  if (reportQuery.isPending) return <p className="text-sm text-slate-700">Computing the quality report…</p>;
  if (reportQuery.isError) return <Alert tone="error">The quality report could not be loaded: {describeError(reportQuery.error)}</Alert>;
  const report = reportQuery.data;
  const { snapshot, status } = report;
  const fileSlug = `${slug}-quality`;
  const reproduction = { ratingsUrl: `/projects/${slug}/quality/ratings.jsonl`, options: report.agreementCliOptions ?? [] };
  const isRefreshing = status.isRefreshing || refresh.isPending;

  return (
    <div className="quality-report space-y-6" data-testid="quality-report">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h2 className="text-xl font-semibold tracking-tight">Quality report</h2>
          <p className="mt-1 text-sm text-slate-700" data-testid="report-status" aria-live="polite">
            {snapshot
              ? `Computed ${formatDateTime(status.computedAt)} from ${formatCount(snapshot.annotationCount)} labels in ${formatDuration(snapshot.durationMs)}.`
              : 'No report yet.'}
            {status.newAnnotations > 0 ? ` ${formatCount(status.newAnnotations)}${status.isNewAnnotationsCapped ? '+' : ''} new labels since.` : ''}
            {isRefreshing ? ' Recomputing…' : ''}
          </p>
        </div>
        <div className="flex flex-wrap gap-2 print:hidden">
          <button type="button" className="btn-secondary" onClick={() => refresh.mutate({ projectId })} disabled={isRefreshing}>
            {isRefreshing ? 'Recomputing…' : 'Recompute now'}
          </button>
          <button type="button" className="btn-secondary" onClick={() => window.print()} disabled={!snapshot}>
            Print
          </button>
        </div>
      </div>
      {refresh.isError ? <Alert tone="error">Recomputing failed: {describeError(refresh.error)}</Alert> : null}
      {status.refreshError ? <Alert tone="error">The last recomputation failed: {status.refreshError}</Alert> : null}
      {refresh.data?.state === 'busy' ? <Alert tone="info">Another recomputation is already running; the report updates when it ends.</Alert> : null}
      {snapshot ? (
        <>
          <Verdicts report={report} />
          <ModelSection report={report} fileSlug={fileSlug} />
          {snapshot.multiLabel ? (
            <MultiLabelSection report={snapshot.multiLabel} reproduction={reproduction} fileSlug={fileSlug} />
          ) : snapshot.spans ? (
            <SpanSection report={snapshot.spans} reproduction={reproduction} fileSlug={fileSlug} />
          ) : (
            <>
              <AgreementSection snapshot={snapshot} reproduction={reproduction} fileSlug={fileSlug} />
              <ConsensusSection consensus={snapshot.consensus} fileSlug={fileSlug} />
            </>
          )}
          <AnnotatorSection annotators={snapshot.annotators} fileSlug={fileSlug} />
          <OverTimeSection overTime={snapshot.agreementOverTime} fileSlug={fileSlug} />
          <LabelsSection distribution={snapshot.labelDistribution} fileSlug={fileSlug} />
          <ActivitySection daily={snapshot.dailyActivity} annotators={snapshot.annotators} fileSlug={fileSlug} />
          <SimulationSection simulation={report.simulation} fileSlug={fileSlug} />
        </>
      ) : (
        <Alert tone="info">
          {isRefreshing ? 'The first report is being computed; this page updates when it is ready.' : 'Nobody has labeled anything in this project yet. The report fills in as labels arrive.'}
        </Alert>
      )}
    </div>
  );
}

type TConsensusRow = { measure: string; value: number; note: string };

function ConsensusSection({ consensus, fileSlug }: { consensus: TQualitySnapshot['consensus']; fileSlug: string }) {
  const rows: TConsensusRow[] = [
    { measure: 'Items with labels', value: consensus.itemsRated, note: 'Each has a Dawid–Skene posterior.' },
    { measure: 'Final label by consensus', value: consensus.itemsLabeled, note: 'Two or more labels, annotators done, no reviewer decision.' },
    { measure: 'Final labels changed by the last run', value: consensus.itemsChanged, note: 'Recorded in the audit log.' },
    { measure: 'Low-confidence items', value: consensus.lowConfidence, note: 'Posterior of the consensus label below 0.8: worth a reviewer’s look.' },
  ];
  return (
    <ReportSection
      id="consensus"
      title="Consensus labels"
      description={<p>Dawid–Skene weighs each annotator by their estimated confusion matrix; its label becomes the final label wherever no reviewer decided.</p>}
    >
      <DataTable<TConsensusRow>
        isFramed
        tableClassName="min-w-max"
        caption="Consensus"
        csvFileName={`${fileSlug}-consensus.csv`}
        testId="table-consensus"
        rows={rows}
        rowKey={(row) => row.measure}
        columns={[
          { header: 'Measure', cell: (row) => row.measure, csv: (row) => row.measure },
          { header: 'Items', cell: (row) => formatCount(row.value), csv: (row) => row.value, align: 'right' },
          { header: 'Note', cell: (row) => row.note, csv: (row) => row.note },
        ]}
      />
    </ReportSection>
  );
}
