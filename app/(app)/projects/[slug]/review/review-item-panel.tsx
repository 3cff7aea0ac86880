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
import { resolveReviewKey } from './review-keyboard';
import { FINAL_SOURCE_TEXT, REVIEW_REASON_TEXT } from './review-reasons';

type TLabel = { id: number; name: string; color: string; hotkey: string };

/**
 * One item as a reviewer sees it: every annotation (annotators never see these), the model, gold,
 * history. Keys: a label's hotkey sets the final label, Enter accepts the one it has.
 */
export function ReviewItemPanel({
  projectId,
  itemId,
  labels,
  onDecided,
  isKeyboardPaused,
}: {
  projectId: number;
  itemId: number;
  labels: TLabel[];
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
  const isWaiting = (view.data?.tasks ?? []).some((task) => task.status === 'open');
  const canAccept = finalLabelId !== null && isWaiting && labels.some((label) => label.id === finalLabelId);
  const isBusy = decide.isPending || acceptMany.isPending;

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
    if (finalLabelId === null) return;
    const name = labels.find((label) => label.id === finalLabelId)?.name ?? `#${finalLabelId}`;
    void run(
      async () => {
        // One item through the bulk path: the accept applies only to the label shown here.
        const result = await acceptMany.mutateAsync({ projectId, items: [{ itemId, labelId: finalLabelId }] });
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
      if (action.kind === 'label') {
        event.preventDefault();
        const label = labels.find((candidate) => candidate.id === action.labelId);
        if (label) chooseLabel(label);
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
          Final label: <span className="font-semibold">{labelName(item.finalLabelId)}</span>
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
      <div
        data-testid="review-text"
        tabIndex={0}
        role="region"
        aria-label="Item text"
        className="max-h-[40vh] overflow-y-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 p-3 text-sm leading-relaxed"
      >
        <VisibleText text={isHtml && !isSourceShown ? readable : item.text} />
      </div>
      <ItemMetadata metadata={item.metadata} />

      <dl className="grid gap-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-slate-600">Gold label</dt>
          <dd className="font-medium" data-testid="gold-label">
            {item.goldLabelId === null ? 'none' : labelName(item.goldLabelId)}
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
                </span>: {labelName(annotation.labelId)}
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
          Set the final label
        </h3>
        <label className="block text-sm font-medium text-slate-800">
          Comment (optional, saved with your decision)
          <textarea className="input mt-1" rows={2} maxLength={5000} value={comment} onChange={(event) => setComment(event.target.value)} />
        </label>
        {canAccept ? (
          <button type="button" className="btn-primary min-h-11" disabled={isBusy} onClick={acceptFinalLabel} aria-keyshortcuts="Enter" data-testid="accept-final">
            Accept “{labelName(finalLabelId)}” <kbd className="font-mono text-xs">Enter</kbd>
          </button>
        ) : null}
        <div role="group" aria-label="Final label" className="grid grid-cols-2 gap-2 sm:grid-cols-3">
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
  if (reason === 'disagreement' && details.votes && typeof details.votes === 'object') {
    return `: ${Object.entries(details.votes as Record<string, number>)
      .map(([labelId, votes]) => `${labelName(Number(labelId))} ×${votes}`)
      .join(', ')}`;
  }
  if (reason === 'gold_miss' && typeof details.labelId === 'number' && typeof details.goldLabelId === 'number') {
    return `: answered ${labelName(details.labelId)}, gold is ${labelName(details.goldLabelId)}`;
  }
  if (typeof details.suggestedLabelId === 'number') {
    const probability = typeof details.suggestedProbability === 'number' ? ` at ${Math.round(details.suggestedProbability * 100)}%` : '';
    return `: the model said ${labelName(details.suggestedLabelId)}${probability}`;
  }
  if (typeof details.score === 'number') return ` (score ${details.score.toFixed(2)})`;
  return '';
}

/** A closed task in words: who settled it, or that Quorum withdrew it (a label undone, a newer model). */
function describeClosedTask(task: { status: string; resolvedByName: string | null }): string {
  if (task.resolvedByName) return `${task.status} by ${task.resolvedByName}`;
  return task.status === 'dismissed' ? 'withdrawn automatically' : task.status;
}
