'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Alert } from '@/app/_components/alert';
import { FormNotice } from '@/app/_components/form-notice';
import { ItemImage } from '@/app/_components/item-image';
import { ItemMetadata } from '@/app/_components/item-metadata';
import { VisibleText } from '@/app/_components/visible-text';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { convertHtmlToText, isHtmlText } from '../label/html-text';
import { describeHotkey, isTypingTarget } from '../label/keyboard';
import { isTransientError } from '../label/retry';
import { describeAnswer, hasAnswer, toAnswerInput, type TAnswerView } from './answer-text';
import type { TSpan } from '@/ml/spans/span-types';
import { MultiLabelDecision } from './multi-label-decision';
import { SpanComparison } from './span-comparison';
import { startReviewSpans } from './suggest-review-spans';
import { resolveReviewKey } from './review-keyboard';
import { FINAL_SOURCE_TEXT, REVIEW_REASON_TEXT } from './review-reasons';

type TLabel = { id: number; name: string; color: string; hotkey: string };

/**
 * One item as a reviewer sees it: every annotation (annotators never see these), the model, gold,
 * history. Keys: a label's hotkey sets the final label, Enter accepts the one it has. Multi-label:
 * label keys toggle the reviewer's set (it starts as the item's final set), Enter sets it (an accept
 * when unchanged).
 */
export function ReviewItemPanel({
  projectId,
  itemId,
  labels,
  isMultiLabel,
  spanSetup,
  onDecided,
  isKeyboardPaused,
}: {
  projectId: number;
  itemId: number;
  labels: TLabel[];
  isMultiLabel: boolean;
  /** A spans project: the annotators' versions side by side and the final spans edited from their vote. */
  spanSetup: { allowOverlap: boolean } | null;
  onDecided: (itemId: number) => void;
  /** While a dialog is open, keys belong to it. */
  isKeyboardPaused: boolean;
}) {
  const trpc = useTRPC();
  // A missing item or a refused request will not change on retry; a network hiccup may.
  const view = useQuery({ ...trpc.review.item.queryOptions({ projectId, itemId }), retry: (failures, error) => failures < 3 && isTransientError(error) });
  // Deciding, accepting or rejecting a label and commenting all change this item and the queue, and report through one notice.
  const decide = useFormMutation(trpc.review.decide.mutationOptions(), {
    invalidates: [trpc.review.item.queryKey({ projectId, itemId }), trpc.review.queue.queryKey({ projectId })],
  });
  const setStatus = useMutation(trpc.review.setAnnotationStatus.mutationOptions());
  const addComment = useMutation(trpc.review.comment.mutationOptions());
  const acceptMany = useMutation(trpc.review.acceptMany.mutationOptions());
  const [comment, setComment] = useState('');
  const [isSourceShown, setIsSourceShown] = useState(false);
  const text = view.data?.item.text ?? '';
  const isHtml = useMemo(() => isHtmlText(text), [text]);
  const readable = useMemo(() => (isHtml ? convertHtmlToText(text) : text), [isHtml, text]);

  const run = (action: () => Promise<unknown>, success: string, after?: () => void) => decide.run(action, { success, onSuccess: after });

  const finalLabelId = view.data?.item.finalLabelId ?? null;
  const finalValue = view.data?.item.finalValue ?? null;
  const finalAnswer: TAnswerView = { labelId: finalLabelId, value: finalValue };
  const isWaiting = (view.data?.tasks ?? []).some((task) => task.status === 'open');
  const canAccept = isWaiting && (finalValue !== null || (finalLabelId !== null && labels.some((label) => label.id === finalLabelId)));
  const isBusy = decide.isPending || acceptMany.isPending;
  // Multi-label: the reviewer's set, the item's final set until they change it.
  const finalSet = finalValue && 'labelIds' in finalValue ? finalValue.labelIds : [];
  const [changedSet, setChangedSet] = useState<number[] | null>(null);
  const chosenSet = changedSet ?? finalSet;
  const isChosenFinal = finalValue !== null && chosenSet.length === finalSet.length && chosenSet.every((id) => finalSet.includes(id));

  // Spans: the annotators' versions, and the reviewer's final spans (the item's, else the majority's, until changed).
  const itemAnnotations = view.data?.annotations;
  const spanVersions = useMemo(
    () =>
      (itemAnnotations ?? []).flatMap((annotation) =>
        annotation.status !== 'rejected' && annotation.value && 'spans' in annotation.value ? [{ annotatorName: annotation.annotatorName, spans: annotation.value.spans }] : [],
      ),
    [itemAnnotations],
  );
  const finalSpans = finalValue && 'spans' in finalValue ? finalValue.spans : null;
  const [changedSpans, setChangedSpans] = useState<TSpan[] | null>(null);
  const chosenSpans = changedSpans ?? finalSpans ?? startReviewSpans(spanVersions);
  const isChosenSpansFinal = finalSpans !== null && changedSpans === null;

  function decideSpans() {
    if (isChosenSpansFinal && canAccept) return acceptFinalLabel();
    void run(
      () => decide.mutation.mutateAsync({ projectId, itemId, value: { spans: chosenSpans }, comment: comment.trim() || null }),
      `Final spans set (${chosenSpans.length}).`,
      () => {
        setComment('');
        onDecided(itemId);
      },
    );
  }

  function toggleChosen(labelId: number) {
    setChangedSet(chosenSet.includes(labelId) ? chosenSet.filter((id) => id !== labelId) : labels.map((label) => label.id).filter((id) => id === labelId || chosenSet.includes(id)));
  }

  function decideChosenSet() {
    if (isChosenFinal && canAccept) return acceptFinalLabel();
    const names = chosenSet.map((id) => labels.find((label) => label.id === id)?.name ?? `#${id}`);
    void run(
      () => decide.mutation.mutateAsync({ projectId, itemId, value: { labelIds: chosenSet }, comment: comment.trim() || null }),
      `Final labels set to ${names.length === 0 ? '“none of these”' : names.map((name) => `“${name}”`).join(', ')}.`,
      () => {
        setComment('');
        onDecided(itemId);
      },
    );
  }

  function chooseLabel(label: TLabel) {
    void run(
      () => decide.mutation.mutateAsync({ projectId, itemId, labelId: label.id, comment: comment.trim() || null }),
      `Final label set to “${label.name}”.`,
      () => {
        setComment('');
        onDecided(itemId);
      },
    );
  }

  function acceptFinalLabel() {
    if (!hasAnswer(finalAnswer)) return;
    const name = describeAnswer(finalAnswer, (id) => labels.find((label) => label.id === id)?.name ?? `#${id}`);
    void run(
      async () => {
        // One item through the bulk path: the accept applies only to the answer shown here.
        const result = await acceptMany.mutateAsync({ projectId, items: [{ itemId, ...toAnswerInput(finalAnswer) }] });
        if (result.skipped[0]) throw new Error(result.skipped[0].reason);
        if (comment.trim()) await addComment.mutateAsync({ projectId, itemId, body: comment.trim() });
      },
      `Accepted “${name}”.`,
      () => {
        setComment('');
        onDecided(itemId);
      },
    );
  }

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isKeyboardPaused || isTypingTarget(event.target) || isBusy) return;
      const action = resolveReviewKey(event, labels);
      if (spanSetup !== null) {
        // Label keys belong to the span editor (when focused); Enter sets the final spans.
        if (action.kind !== 'accept') return;
        const target = event.target instanceof HTMLElement ? event.target : null;
        if (target && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName) && !target.closest('[data-review-entry]')) return;
        event.preventDefault();
        decideSpans();
      } else if (action.kind === 'label') {
        event.preventDefault();
        const label = labels.find((candidate) => candidate.id === action.labelId);
        if (label && isMultiLabel) toggleChosen(label.id);
        else if (label) chooseLabel(label);
      } else if (action.kind === 'accept' && isMultiLabel) {
        const target = event.target instanceof HTMLElement ? event.target : null;
        if (target && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName) && !target.closest('[data-review-entry]')) return;
        event.preventDefault();
        decideChosenSet();
      } else if (action.kind === 'accept' && canAccept) {
        // Enter on a focused button is that button's click, not an accept.
        const target = event.target instanceof HTMLElement ? event.target : null;
        if (target && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName) && !target.closest('[data-review-entry]')) return;
        event.preventDefault();
        acceptFinalLabel();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  if (view.error) return <Alert tone="error">{describeError(view.error)}</Alert>;
  if (!view.data) return <p className="card text-sm text-slate-600">Loading…</p>;
  const { item, annotations, prediction, tasks, comments, skips } = view.data;
  const allLabels = new Map(view.data.labels.map((label) => [label.id, label]));
  const labelName = (id: number | null) => (id === null ? '—' : (allLabels.get(id)?.name ?? `#${id}`));
  const openTasks = tasks.filter((task) => task.status === 'open');

  function onComment(event: FormEvent) {
    event.preventDefault();
    const body = comment.trim();
    if (!body) return;
    void run(() => addComment.mutateAsync({ projectId, itemId, body }), 'Comment added.', () => setComment(''));
  }

  return (
    <article className="card space-y-5" aria-labelledby="review-item-heading">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="review-item-heading" className="font-semibold">
          Item {item.externalId ? `“${item.externalId}”` : `#${item.id}`}
        </h2>
        <p className="text-sm text-slate-700" data-testid="final-label">
          Final {isMultiLabel ? 'labels' : 'label'}: <span className="font-semibold">{describeAnswer({ labelId: item.finalLabelId, value: item.finalValue }, labelName)}</span>
          {item.finalSource ? <span className="text-slate-600"> ({FINAL_SOURCE_TEXT[item.finalSource] ?? item.finalSource})</span> : null}
        </p>
      </header>
      <FormNotice notice={decide.notice} />

      {openTasks.length > 0 ? (
        <ul className="space-y-1 text-sm" aria-label="Why this item is here">
          {openTasks.map((task) => (
            <li key={task.id} className="rounded bg-amber-50 px-2 py-1 text-amber-950">
              <span className="font-medium">{REVIEW_REASON_TEXT[task.reason]}</span>
              {describeTaskDetails(task.reason, task.details, labelName)}
            </li>
          ))}
        </ul>
      ) : null}

      {isHtml ? (
        <p className="flex flex-wrap items-center gap-2 text-xs text-slate-700">
          {isSourceShown ? 'HTML source, as imported.' : 'HTML shown as readable text (nothing in it is loaded or run).'}
          <button type="button" className="link" onClick={() => setIsSourceShown((shown) => !shown)}>
            {isSourceShown ? 'Show readable text' : 'Show source'}
          </button>
        </p>
      ) : null}
      {item.mediaHash ? <ItemImage itemId={item.id} alt={item.text} size="display" className="max-h-[45vh] w-full rounded-md border border-slate-200 bg-slate-50 object-contain" /> : null}
      {spanSetup !== null ? (
        <SpanComparison
          text={item.text}
          labels={labels}
          annotations={spanVersions}
          spans={chosenSpans}
          onChange={setChangedSpans}
          allowOverlap={spanSetup.allowOverlap}
          isDisabled={isBusy}
        />
      ) : (
        <div
          data-testid="review-text"
          tabIndex={0}
          role="region"
          aria-label="Item text"
          className="max-h-[40vh] overflow-y-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 p-3 text-sm leading-relaxed"
        >
          <VisibleText text={isHtml && !isSourceShown ? readable : item.text} />
        </div>
      )}
      <ItemMetadata metadata={item.metadata} />

      <dl className="grid gap-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-600">Gold label</dt>
          <dd className="font-medium" data-testid="gold-label">
            {hasAnswer({ labelId: item.goldLabelId, value: item.goldValue }) ? describeAnswer({ labelId: item.goldLabelId, value: item.goldValue }, labelName) : 'none'}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Model prediction</dt>
          <dd className="font-medium" data-testid="model-prediction">
            {prediction
              ? `${labelName(prediction.labelId)}${prediction.score !== null ? ` (${Math.round(prediction.score * 100)}%)` : ''} · ${
                  prediction.modelVersion !== null ? `model v${prediction.modelVersion}` : (prediction.externalModelVersion ?? 'imported')
                }`
              : 'none yet'}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="annotations-heading">
        <h3 id="annotations-heading" className="text-sm font-semibold">
          Annotations ({annotations.length})
        </h3>
        {annotations.length === 0 ? <p className="mt-1 text-sm text-slate-600">No one has labeled this item yet.</p> : null}
        <ul className="mt-2 divide-y divide-slate-100" aria-label="Annotations">
          {annotations.map((annotation) => (
            <li key={annotation.id} className="flex flex-wrap items-center gap-2 py-2 text-sm" data-testid="annotation-row">
              <span className="min-w-0 flex-1">
                <span className="font-medium">
                  <VisibleText text={annotation.annotatorName} />
                </span>: {describeAnswer(annotation, labelName)}
                <span className="text-slate-600">
                  {' · '}
                  {annotation.status}
                  {annotation.leadTimeMs !== null ? ` · ${(annotation.leadTimeMs / 1000).toFixed(1)} s` : ''}
                  {annotation.source === 'import' ? ' · imported' : ''}
                </span>
              </span>
              {annotation.status === 'submitted' ? (
                <button
                  type="button"
                  className="btn-secondary"
                  onClick={() => void run(() => setStatus.mutateAsync({ projectId, annotationId: annotation.id, status: 'accepted' }), `Accepted ${annotation.annotatorName}’s label.`)}
                >
                  Accept
                </button>
              ) : null}
              {annotation.status !== 'rejected' ? (
                <button
                  type="button"
                  className="btn-danger"
                  onClick={() =>
                    void run(
                      () => setStatus.mutateAsync({ projectId, annotationId: annotation.id, status: 'rejected' }),
                      `Rejected ${annotation.annotatorName}’s label${item.status === 'reviewed' ? '' : '; the item goes back to the queue'}.`,
                    )
                  }
                >
                  Reject
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="decide-heading" className="space-y-2">
        <h3 id="decide-heading" className="text-sm font-semibold">
          {spanSetup !== null ? 'Set the final spans' : isMultiLabel ? 'Set the final labels' : 'Set the final label'}
        </h3>
        <label className="block text-sm font-medium text-slate-800">
          Comment (optional, saved with your decision)
          <textarea className="input mt-1" rows={2} maxLength={5000} value={comment} onChange={(event) => setComment(event.target.value)} />
        </label>
        {spanSetup !== null ? (
          <button type="button" className="btn-primary min-h-11" disabled={isBusy} onClick={decideSpans} aria-keyshortcuts="Enter" data-testid="decide-spans">
            {isChosenSpansFinal && canAccept ? 'Accept' : 'Set'} the final spans ({chosenSpans.length}) <kbd className="font-mono text-xs">Enter</kbd>
          </button>
        ) : null}
        {isMultiLabel ? (
          <MultiLabelDecision labels={labels} chosen={chosenSet} isBusy={isBusy} isAccept={isChosenFinal && canAccept} onToggle={toggleChosen} onDecide={decideChosenSet} />
        ) : null}
        {canAccept && !isMultiLabel && spanSetup === null ? (
          <button type="button" className="btn-primary min-h-11" disabled={isBusy} onClick={acceptFinalLabel} aria-keyshortcuts="Enter" data-testid="accept-final">
            Accept “{labelName(finalLabelId)}” <kbd className="font-mono text-xs">Enter</kbd>
          </button>
        ) : null}
        <div role="group" aria-label="Final label" className="grid grid-cols-2 gap-2 sm:grid-cols-3" hidden={isMultiLabel || spanSetup !== null}>
          {labels.map((label) => (
            <button
              key={label.id}
              type="button"
              className="btn-secondary min-h-11 justify-between border-l-4"
              style={{ borderLeftColor: label.color }}
              disabled={isBusy}
              onClick={() => chooseLabel(label)}
              aria-keyshortcuts={label.hotkey}
            >
              <span className="min-w-0 truncate">{label.name}</span>
              <kbd className="shrink-0 rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-700">{describeHotkey(label.hotkey)}</kbd>
            </button>
          ))}
        </div>
        <button type="button" className="btn-secondary" onClick={onComment} disabled={!comment.trim() || addComment.isPending}>
          Add comment only
        </button>
      </section>

      {comments.length > 0 || skips.length > 0 || tasks.length > openTasks.length ? (
        <section aria-labelledby="history-heading" className="text-sm">
          <h3 id="history-heading" className="font-semibold">
            History
          </h3>
          <ul className="mt-2 space-y-1" aria-label="Comments">
            {comments.map((entry) => (
              <li key={`c${entry.id}`} data-testid="review-comment">
                <span className="font-medium">{entry.authorName}</span>: <span className="whitespace-pre-wrap break-words">{entry.body}</span>{' '}
                <span className="text-slate-600">· {entry.createdAt.toLocaleString()}</span>
              </li>
            ))}
            {skips.map((skip) => (
              <li key={`s${skip.annotatorName}${skip.createdAt.toISOString()}`} className="text-slate-700">
                {skip.annotatorName} skipped it: {skip.reason}
              </li>
            ))}
            {tasks
              .filter((task) => task.status !== 'open')
              .map((task) => (
                <li key={`t${task.id}`} className="text-slate-700">
                  {REVIEW_REASON_TEXT[task.reason]} — {describeClosedTask(task)}
                </li>
              ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}

function describeTaskDetails(reason: string, details: Record<string, unknown>, labelName: (id: number | null) => string): string {
  if (reason === 'disagreement' && typeof details.keptSpans === 'number' && typeof details.disputedSpans === 'number') {
    // Spans: the vote kept what a strict majority marked; that is the final answer until decided here.
    return `: ${formatSpanCount(details.keptSpans)} kept by the majority vote, ${formatSpanCount(details.disputedSpans)} disputed`;
  }
  if (reason === 'disagreement' && details.votes && typeof details.votes === 'object') {
    return `: ${Object.entries(details.votes as Record<string, number>)
      .map(([labelId, votes]) => `${labelName(Number(labelId))} ×${votes}`)
      .join(', ')}`;
  }
  if (reason === 'gold_miss' && typeof details.labelId === 'number' && typeof details.goldLabelId === 'number') {
    return `: answered ${labelName(details.labelId)}, gold is ${labelName(details.goldLabelId)}`;
  }
  if (reason === 'gold_miss' && isLabelSet(details.value) && isLabelSet(details.goldValue)) {
    return `: answered ${describeAnswer({ labelId: null, value: details.value }, labelName)}, gold is ${describeAnswer({ labelId: null, value: details.goldValue }, labelName)}`;
  }
  if (typeof details.suggestedLabelId === 'number') {
    const probability = typeof details.suggestedProbability === 'number' ? ` at ${Math.round(details.suggestedProbability * 100)}%` : '';
    return `: the model said ${labelName(details.suggestedLabelId)}${probability}`;
  }
  if (typeof details.score === 'number') return ` (score ${details.score.toFixed(2)})`;
  return '';
}

function formatSpanCount(count: number): string {
  return `${count} ${count === 1 ? 'span' : 'spans'}`;
}

function isLabelSet(value: unknown): value is { labelIds: number[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { labelIds?: unknown }).labelIds);
}

/** A closed task in words: who settled it, or that Quorum withdrew it (a label undone, a newer model). */
function describeClosedTask(task: { status: string; resolvedByName: string | null }): string {
  if (task.resolvedByName) return `${task.status} by ${task.resolvedByName}`;
  return task.status === 'dismissed' ? 'withdrawn automatically' : task.status;
}
