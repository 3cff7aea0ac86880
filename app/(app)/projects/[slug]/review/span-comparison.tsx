'use client';

/**
 * Review of a span item: every annotator's version of the text, spans a strict majority marked
 * exactly (voteSpans consensus: solid underline, tinted) apart from disputed ones (wavy underline,
 * "(disputed)" badge), and the final set being built below in a SpanEditor. The final set is
 * controlled: start it with startReviewSpans(annotations) (the consensus), and submit it from the
 * review panel. Every span anyone marked that is not in the final set is offered there as a
 * suggestion ("marked by …"): accepted one by one (click Accept, or ] [ to it and =), all at once
 * (+), or replacing the span it overlaps.
 *
 * Test hooks: data-testid="span-comparison"; per annotator a section data-testid="span-version"
 * with data-annotator (name "Version by …"), its marks carry data-variant="agreed"|"disputed" and
 * the usual data-span-start/data-span-end/data-label-id; the final editor has the SpanEditor hooks
 * (span-editor.tsx) inside a section named "Final spans".
 */

import { useMemo } from 'react';
import { VisibleText } from '@/app/_components/visible-text';
import { compareSpans, type TSpan } from '@/ml/spans/span-types';
import { SpanEditor, type TSpanLabel } from '../label/span-editor';
import { keySpan } from '../label/span-editor-state';
import { SpanText, type TRenderedMark } from '../label/span-text';
import { collectSpanVotes, suggestReviewSpans, type TSpanVersion } from './suggest-review-spans';

export { startReviewSpans, type TSpanVersion } from './suggest-review-spans';

export function SpanComparison({
  text,
  labels,
  annotations,
  spans,
  onChange,
  allowOverlap,
  isDisabled = false,
}: {
  text: string;
  labels: readonly TSpanLabel[];
  annotations: readonly TSpanVersion[];
  /** The final set (controlled); start it with startReviewSpans(annotations). */
  spans: readonly TSpan[];
  onChange: (spans: TSpan[]) => void;
  allowOverlap: boolean;
  isDisabled?: boolean;
}) {
  const voting = useMemo(() => collectSpanVotes(annotations), [annotations]);
  const suggestions = useMemo(() => suggestReviewSpans(annotations), [annotations]);
  const agreed = useMemo(() => new Set(voting.consensus.map(keySpan)), [voting]);
  const labelsById = useMemo(() => new Map(labels.map((label) => [label.id, label])), [labels]);

  function markVersion(version: TSpanVersion): TRenderedMark[] {
    return [...version.spans].sort(compareSpans).map((span) => {
      const label = labelsById.get(span.labelId);
      const key = keySpan(span);
      return {
        key,
        kind: 'span',
        start: span.start,
        end: span.end,
        labelId: span.labelId,
        labelName: label?.name ?? `label ${span.labelId}`,
        color: label?.color ?? '#64748b',
        variant: agreed.has(key) ? 'agreed' : 'disputed',
      };
    });
  }

  return (
    <div className="space-y-4" data-testid="span-comparison">
      <p className="text-sm text-slate-700">
        {annotations.length} {annotations.length === 1 ? 'version' : 'versions'}: {voting.consensus.length} {voting.consensus.length === 1 ? 'span' : 'spans'} agreed by a majority
        (solid underline), {voting.disputed.length} disputed (wavy underline, marked “disputed”).
      </p>
      {annotations.map((version, index) => (
        <section key={`${index}-${version.annotatorName}`} data-testid="span-version" data-annotator={version.annotatorName} aria-label={`Version by ${version.annotatorName}`} className="space-y-1">
          <h3 className="text-sm font-semibold text-slate-900">
            <VisibleText text={version.annotatorName} />{' '}
            <span className="font-normal text-slate-600">
              ({version.spans.length} {version.spans.length === 1 ? 'span' : 'spans'})
            </span>
          </h3>
          <div className="max-h-40 overflow-y-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-white p-3 text-sm leading-[2.6] text-slate-900">
            <SpanText text={text} marks={markVersion(version)} />
          </div>
        </section>
      ))}
      <section aria-label="Final spans" className="space-y-2 rounded-md border border-slate-300 p-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 className="text-sm font-semibold text-slate-900">Final spans</h3>
          <button type="button" className="btn-secondary min-h-9 text-xs" disabled={isDisabled} onClick={() => onChange(voting.consensus)}>
            Start again from the agreed spans
          </button>
        </div>
        <SpanEditor text={text} labels={labels} spans={spans} onChange={onChange} allowOverlap={allowOverlap} suggestions={suggestions} isDisabled={isDisabled} keyScope="focus" />
      </section>
    </div>
  );
}
