'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { DataTable } from '@/app/_components/data-table';
import { FormNotice } from '@/app/_components/form-notice';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { describeStrategy, formatCount, formatDateTime, formatInterval, formatPercent, formatSeconds } from './format';
import type { TModelVersionSummary } from './model-types';
import { SpanVersionDetail } from './span-version-detail';
import { LabelMetricsPanel } from './label-metrics-panel';
import { VersionComparison } from './version-comparison';

type TProps = { projectId: number; slug: string; canManage: boolean; canDownload: boolean; isSpans?: boolean };
type TColumns = Parameters<typeof DataTable<TModelVersionSummary>>[0]['columns'];

/** A span version's figures in the places a classifier's accuracy, macro-F1 and ECE go. */
const SPAN_COLUMNS: TColumns = [
  {
    header: 'Span F1 exact · partial',
    align: 'right',
    cell: (version) => (
      <>
        {formatPercent(version.spans?.exactF1)} · {formatPercent(version.spans?.partialF1)}
        {version.spans ? <div className="text-xs text-slate-600">dictionary {formatPercent(version.spans.baselineExactF1)}</div> : null}
      </>
    ),
  },
  { header: 'Token F1', align: 'right', cell: (version) => formatPercent(version.spans?.tokenF1) },
  {
    header: 'Pre-annotations kept',
    align: 'right',
    cell: (version) => {
      const acceptance = version.spans?.acceptance;
      if (!acceptance) return '—';
      return (
        <>
          {formatPercent(acceptance.rate)}
          <div className="text-xs text-slate-600">
            {formatCount(acceptance.kept)} of {formatCount(acceptance.suggested)} spans
          </div>
        </>
      );
    },
  },
];

const STATUS_TEXT: Record<TModelVersionSummary['status'], string> = { training: 'training…', ready: 'ready', failed: 'failed' };

/** Macro-F1 over the labels with its interval: the same figure for one label per item and for label sets. */
const MACRO_F1_COLUMN: TColumns[number] = {
  header: 'Macro-F1 (95% CI)',
  align: 'right',
  cell: (version) => (
    <>
      {formatPercent(version.macroF1?.value)}
      <div className="text-xs text-slate-600">{formatInterval(version.macroF1?.ci95)}</div>
    </>
  ),
};

/** A classifier's held-out accuracy, macro-F1 and calibration. */
const CLASSIFIER_COLUMNS: TColumns = [
  {
    header: 'Accuracy (95% CI)',
    align: 'right',
    cell: (version) => (
      <>
        {formatPercent(version.accuracy?.value)}
        <div className="text-xs text-slate-600">{formatInterval(version.accuracy?.ci95)}</div>
        {version.baselineAccuracy !== null ? <div className="text-xs text-slate-600">majority {formatPercent(version.baselineAccuracy)}</div> : null}
      </>
    ),
  },
  MACRO_F1_COLUMN,
  {
    header: 'ECE (before → after scaling)',
    align: 'right',
    cell: (version) =>
      version.calibration ? (
        <>
          {formatPercent(version.calibration.eceBefore)} → {formatPercent(version.calibration.eceAfter)}
          <div className="text-xs text-slate-600">T = {version.calibration.temperature.toFixed(2)}</div>
        </>
      ) : (
        formatPercent(version.ece?.value)
      ),
  },
];

/** A multi-label version's micro-F1 (against the best constant set) and macro-F1 over the labels. */
const MULTILABEL_COLUMNS: TColumns = [
  {
    header: 'Micro-F1 (95% CI)',
    align: 'right',
    cell: (version) => (
      <>
        {formatPercent(version.microF1?.value)}
        <div className="text-xs text-slate-600">{formatInterval(version.microF1?.ci95)}</div>
        {version.baselineMicroF1 !== null ? <div className="text-xs text-slate-600">constant {formatPercent(version.baselineMicroF1)}</div> : null}
      </>
    ),
  },
  MACRO_F1_COLUMN,
];

/** Every version with its held-out metrics; pin one (or roll back), download one, compare two. */
export function VersionsPanel({ projectId, slug, canManage, canDownload, isSpans = false }: TProps) {
  const trpc = useTRPC();
  // A training finishing in the background adds a version: a slow poll picks it up.
  const versions = useQuery(trpc.models.versions.queryOptions({ projectId, limit: 50 }, { refetchInterval: 5_000 }));
  const pin = useFormMutation(trpc.models.pin.mutationOptions(), { invalidates: [trpc.models.pathKey()] });
  const unpin = useMutation(trpc.models.unpin.mutationOptions());
  const [selected, setSelected] = useState<number[]>([]);
  // Span projects: the version whose per-label figures are shown (the current one until another is picked).
  const [detailId, setDetailId] = useState<number | null>(null);

  const toggle = (id: number) => setSelected((previous) => (previous.includes(id) ? previous.filter((v) => v !== id) : [...previous.slice(-1), id]));
  const rows = versions.data ?? [];
  const [a, b] = [...selected].sort((x, y) => x - y);
  const shownDetailId = detailId ?? rows.find((v) => v.isCurrent)?.id ?? rows.find((v) => v.status === 'ready')?.id ?? null;
  const compareColumn: TColumns[number] = {
    header: <span className="sr-only">Compare</span>,
    cell: (version) => (
      <input
        type="checkbox"
        className="size-4"
        aria-label={`Compare version ${version.version}`}
        checked={selected.includes(version.id)}
        disabled={version.status !== 'ready'}
        onChange={() => toggle(version.id)}
      />
    ),
  };
  // A project's versions are all of its task type: a multi-label project's are scored on label sets.
  const isMultiLabel = rows.some((version) => version.task === 'multi_label');

  return (
    <section className="card space-y-4" aria-labelledby="versions-heading">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 id="versions-heading" className="text-lg font-semibold">
            Versions
          </h2>
          <p className="text-sm text-slate-700">
            {isSpans
              ? 'The current version pre-annotates and orders the queue: the pinned one, else the newest ready one at least as good as the dictionary baseline.'
              : 'The current version scores the queue: the pinned one, else the newest ready one. Tick two to compare them.'}
          </p>
        </div>
        {canManage && rows.some((v) => v.isPinned) ? (
          <button type="button" className="btn-secondary" onClick={() => pin.run(() => unpin.mutateAsync({ projectId }))} disabled={unpin.isPending}>
            Unpin (follow the newest)
          </button>
        ) : null}
      </div>
      <FormNotice notice={pin.notice} />
      {versions.error ? <Alert tone="error">{describeError(versions.error)}</Alert> : null}
      <DataTable<TModelVersionSummary>
        caption="Model versions, newest first"
        testId="versions-table"
        rows={rows}
        rowKey={(version) => String(version.id)}
        rowTestId="version-row"
        emptyText="No versions yet."
        columns={[
          // A span version's figures are read label by label below rather than compared side by side.
          ...(isSpans ? [] : [compareColumn]),
          {
            header: 'Version',
            className: 'whitespace-nowrap font-medium',
            cell: (version) => (
              <>
                v{version.version}
                {version.isCurrent ? <span className="ml-2 rounded bg-green-100 px-1.5 py-0.5 text-xs text-green-900">current</span> : null}
                {version.isPinned ? <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">pinned</span> : null}
                {version.beatsBaseline === false ? (
                  <span
                    className="ml-1 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-900"
                    title={
                      isSpans
                        ? 'Below looking up the training spans (the dictionary baseline) on the evaluation set: it neither pre-annotates nor orders the queue unless pinned.'
                        : isMultiLabel
                          ? 'No better micro-F1 than answering one constant set for every item (each label’s majority, or the commonest set): it does not order the queue unless pinned.'
                        : 'No better than always answering the commonest label of the evaluation set: it does not order the queue unless pinned.'
                    }
                  >
                    below baseline
                  </span>
                ) : null}
                {version.status !== 'ready' ? (
                  <span className={`ml-2 text-xs ${version.status === 'failed' ? 'text-red-700' : 'text-slate-600'}`} title={version.error ?? undefined}>
                    {STATUS_TEXT[version.status]}
                  </span>
                ) : null}
              </>
            ),
          },
          { header: isSpans ? 'Items' : 'Labels', align: 'right', cell: (version) => formatCount(version.labelCount) },
          ...(isSpans ? SPAN_COLUMNS : isMultiLabel ? MULTILABEL_COLUMNS : CLASSIFIER_COLUMNS),
          { header: 'Model · strategy', cell: (version) => `${version.kind} · ${describeStrategy(version.strategy)}` },
          {
            header: 'Trained',
            className: 'whitespace-nowrap',
            cell: (version) => (
              <>
                {formatDateTime(version.finishedAt ?? version.createdAt)}
                <div className="text-xs text-slate-600">{version.backend ? `${version.backend}, ${formatSeconds(version.trainSeconds)}` : ''}</div>
              </>
            ),
          },
          {
            header: 'Actions',
            cell: (version) => (
              <div className="flex flex-wrap gap-2">
                {isSpans && version.status === 'ready' ? (
                  <button
                    type="button"
                    className="btn-secondary px-2 py-1 text-xs"
                    aria-pressed={version.id === shownDetailId}
                    onClick={() => setDetailId(version.id)}
                  >
                    Per label
                  </button>
                ) : null}
                {canManage && version.status === 'ready' && !version.isPinned ? (
                  <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => pin.submit({ projectId, versionId: version.id })} disabled={pin.isPending}>
                    {version.isCurrent ? 'Pin' : 'Pin (roll back)'}
                  </button>
                ) : null}
                {canDownload && version.status === 'ready' ? (
                  <>
                    <a className="link text-xs" href={`/api/v1/projects/${slug}/models/${version.version}/model.json`} download>
                      model.json
                    </a>
                    <a className="link text-xs" href={`/api/v1/projects/${slug}/models/${version.version}/weights.bin`} download>
                      weights.bin
                    </a>
                  </>
                ) : null}
              </div>
            ),
          },
        ]}
      />
      {canDownload && rows.some((v) => v.status === 'ready') ? (
        <p className="text-xs text-slate-600">
          A download is a TensorFlow.js model: keep model.json and weights.bin side by side and load it with{' '}
          <code>tf.loadLayersModel(&apos;…/model.json&apos;)</code>. Its metadata holds the featurizer settings and the label names.
        </p>
      ) : null}
      {isMultiLabel ? <LabelMetricsPanel projectId={projectId} versions={rows} /> : null}
      {a !== undefined && b !== undefined ? <VersionComparison projectId={projectId} a={a} b={b} /> : null}
      {isSpans && shownDetailId !== null ? <SpanVersionDetail projectId={projectId} versionId={shownDetailId} /> : null}
    </section>
  );
}
