'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { ItemImage } from '@/app/_components/item-image';
import { VisibleText } from '@/app/_components/visible-text';
import { describeError } from '@/app/_lib/error-message';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { previewText } from '../label/html-text';
import { isTypingTarget } from '../label/keyboard';
import { ReviewEmptyState, type TReviewSetup } from './review-empty-state';
import { ReviewHelpDialog } from './review-help-dialog';
import { describeAnswer, hasAnswer, toAnswerInput, type TAnswerView } from './answer-text';
import { ReviewItemPanel } from './review-item-panel';
import { resolveReviewKey, stepThrough } from './review-keyboard';
import { REVIEW_REASON_TEXT, type TReviewReason } from './review-reasons';

type TLabel = RouterOutputs['project']['bySlug']['labels'][number];
type TEntry = RouterOutputs['review']['queue']['entries'][number];

const PREVIEW_CHARACTERS = 160;

function finalAnswerOf(entry: TEntry): TAnswerView {
  return { labelId: entry.finalLabelId, value: entry.finalValue };
}

/** Where annotators and the model agree: the final label is the model's prediction. The obvious cases to accept in bulk. */
function isAgreedWithModel(entry: TEntry): boolean {
  return entry.finalLabelId !== null && entry.prediction?.labelId === entry.finalLabelId;
}

/**
 * The reviewer's queue (items with an open review task, oldest first, filtered by reason) beside the
 * item being decided. Keyboard first: ↓/↑ move, label keys decide, Enter accepts, Space selects for a
 * bulk accept, Shift+Enter accepts the selection.
 */
export function ReviewWorkspace({
  projectId,
  slug,
  labels,
  isMultiLabel,
  spanSetup,
  initialItemId,
  setup,
}: {
  projectId: number;
  slug: string;
  labels: TLabel[];
  isMultiLabel: boolean;
  spanSetup: { allowOverlap: boolean } | null;
  initialItemId: number | null;
  setup: TReviewSetup;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<TReviewReason | null>(null);
  const queue = useQuery(trpc.review.queue.queryOptions({ projectId, reason }));
  const acceptMany = useMutation(trpc.review.acceptMany.mutationOptions());
  const [chosenItemId, setChosenItemId] = useState<number | null>(initialItemId);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  const [bulkNotice, setBulkNotice] = useState<{ tone: 'success' | 'error'; message: string } | null>(null);
  const entries = queue.data?.entries ?? [];
  const itemIds = entries.map((entry) => entry.itemId);
  const selectedItemId = chosenItemId !== null && (itemIds.includes(chosenItemId) || chosenItemId === initialItemId) ? chosenItemId : (entries[0]?.itemId ?? null);
  const labelName = (id: number | null) => labels.find((label) => label.id === id)?.name ?? (id === null ? '—' : `#${id}`);
  const acceptable = entries.filter((entry) => hasAnswer(finalAnswerOf(entry)));
  const selectedEntries = acceptable.filter((entry) => selected.has(entry.itemId));

  function goToNext(decidedItemId: number) {
    const rest = entries.filter((entry) => entry.itemId !== decidedItemId);
    const index = entries.findIndex((entry) => entry.itemId === decidedItemId);
    setChosenItemId(rest[Math.min(Math.max(index, 0), rest.length - 1)]?.itemId ?? null);
    setSelected((current) => {
      const next = new Set(current);
      next.delete(decidedItemId);
      return next;
    });
  }

  function toggleSelected(itemId: number) {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(itemId)) next.delete(itemId);
      else next.add(itemId);
      return next;
    });
  }

  async function acceptSelected() {
    if (selectedEntries.length === 0 || acceptMany.isPending) return;
    setBulkNotice(null);
    try {
      const result = await acceptMany.mutateAsync({ projectId, items: selectedEntries.map((entry) => ({ itemId: entry.itemId, ...toAnswerInput(finalAnswerOf(entry)) })) });
      const skipped = result.skipped.length > 0 ? ` ${result.skipped.length} left as they were: ${result.skipped.map((skip) => `#${skip.itemId} (${skip.reason})`).join('; ')}.` : '';
      setBulkNotice({ tone: result.skipped.length > 0 ? 'error' : 'success', message: `Accepted ${result.accepted.length} final ${result.accepted.length === 1 ? 'label' : 'labels'}.${skipped}` });
      setSelected(new Set());
      setChosenItemId(null);
    } catch (error) {
      setBulkNotice({ tone: 'error', message: `Nothing accepted: ${describeError(error)}` });
    } finally {
      await queryClient.invalidateQueries({ queryKey: trpc.review.queue.queryKey({ projectId }) });
    }
  }

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event.target)) return;
      const action = resolveReviewKey(event, labels);
      if (action.kind === 'help') {
        event.preventDefault();
        setIsHelpOpen((open) => !open);
      } else if (action.kind === 'close') setIsHelpOpen(false);
      else if (isHelpOpen) return;
      else if (action.kind === 'next' || action.kind === 'previous') {
        event.preventDefault();
        setChosenItemId(stepThrough(itemIds, selectedItemId, action.kind === 'next' ? 1 : -1));
      } else if (action.kind === 'toggleSelect' && selectedItemId !== null) {
        if (event.target instanceof HTMLElement && ['BUTTON', 'A', 'SUMMARY'].includes(event.target.tagName) && !event.target.closest('[data-review-entry]')) return;
        event.preventDefault();
        if (acceptable.some((entry) => entry.itemId === selectedItemId)) toggleSelected(selectedItemId);
      } else if (action.kind === 'acceptSelected') {
        event.preventDefault();
        void acceptSelected();
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  const counts = queue.data?.countsByReason ?? {};
  const reasons = (Object.keys(REVIEW_REASON_TEXT) as TReviewReason[]).filter((candidate) => (counts[candidate] ?? 0) > 0 || candidate === reason);
  const isQueueEmpty = queue.data !== undefined && queue.data.total === 0 && reason === null;

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section className="card space-y-3 lg:col-span-1" aria-labelledby="review-queue-heading">
        <div className="flex items-baseline justify-between gap-2">
          <h2 id="review-queue-heading" className="font-semibold">
            Needs review {queue.data ? <span className="text-slate-600">({queue.data.total.toLocaleString()})</span> : null}
          </h2>
          <button type="button" className="link text-sm" onClick={() => setIsHelpOpen(true)} aria-keyshortcuts="?">
            Keys <kbd className="font-mono text-xs">?</kbd>
          </button>
        </div>
        {queue.error ? <Alert tone="error">{describeError(queue.error)}</Alert> : null}
        {reasons.length > 0 ? (
          <label className="block text-sm font-medium text-slate-800">
            Reason
            <select
              className="input mt-1"
              value={reason ?? ''}
              onChange={(event) => {
                setReason(event.target.value === '' ? null : (event.target.value as TReviewReason));
                setSelected(new Set());
                setChosenItemId(null);
              }}
            >
              <option value="">All reasons</option>
              {reasons.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {REVIEW_REASON_TEXT[candidate]} ({(counts[candidate] ?? 0).toLocaleString()})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {acceptable.length > 0 ? (
          <div className="space-y-2 rounded-md border border-slate-200 p-2 text-sm" aria-label="Bulk accept" role="group">
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                className="btn-secondary px-2 py-1 text-xs"
                onClick={() => setSelected(new Set(entries.filter(isAgreedWithModel).map((entry) => entry.itemId)))}
                disabled={!entries.some(isAgreedWithModel)}
              >
                Select where annotators and model agree ({entries.filter(isAgreedWithModel).length})
              </button>
              {selected.size > 0 ? (
                <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => setSelected(new Set())}>
                  Clear selection
                </button>
              ) : null}
            </div>
            <button
              type="button"
              className="btn-primary w-full"
              disabled={selectedEntries.length === 0 || acceptMany.isPending}
              onClick={() => void acceptSelected()}
              aria-keyshortcuts="Shift+Enter"
              data-testid="accept-selected"
            >
              Accept {selectedEntries.length} selected final {selectedEntries.length === 1 ? 'label' : 'labels'} <kbd className="font-mono text-xs">Shift+Enter</kbd>
            </button>
          </div>
        ) : null}
        {bulkNotice ? <Alert tone={bulkNotice.tone}>{bulkNotice.message}</Alert> : null}
        {queue.data && entries.length === 0 && reason !== null ? (
          <p className="text-sm text-slate-700">
            Nothing waits for “{REVIEW_REASON_TEXT[reason]}”.{' '}
            <button type="button" className="link" onClick={() => setReason(null)}>
              Show all reasons
            </button>
          </p>
        ) : null}
        {isQueueEmpty ? <p className="text-sm text-slate-700">Nothing waits for a review.</p> : null}
        <ul className="max-h-[60vh] space-y-2 overflow-y-auto" aria-label="Review queue">
          {entries.map((entry) => {
            const isCurrent = entry.itemId === selectedItemId;
            const isSelectable = hasAnswer(finalAnswerOf(entry));
            return (
              <li key={entry.itemId} className={`flex gap-2 rounded-md border p-2 ${isCurrent ? 'border-blue-700 bg-blue-50' : 'border-slate-200'}`}>
                {isSelectable ? (
                  <input
                    type="checkbox"
                    className="mt-1 h-4 w-4 shrink-0"
                    checked={selected.has(entry.itemId)}
                    onChange={() => toggleSelected(entry.itemId)}
                    aria-label={`Select for bulk accept: ${describeAnswer(finalAnswerOf(entry), labelName)}, item #${entry.itemId}`}
                  />
                ) : (
                  <span className="mt-1 h-4 w-4 shrink-0" aria-hidden="true" />
                )}
                <button
                  type="button"
                  onClick={() => setChosenItemId(entry.itemId)}
                  aria-current={isCurrent ? 'true' : undefined}
                  className="min-w-0 flex-1 text-left text-sm hover:underline"
                  data-testid="review-entry"
                  data-review-entry=""
                >
                  {entry.hasImage ? <ItemImage itemId={entry.itemId} alt="" size="thumbnail" className="mb-1 h-16 w-auto max-w-full rounded object-contain" /> : null}
                  <span className="line-clamp-2 break-words text-slate-900">
                    <VisibleText text={previewText(entry.preview, PREVIEW_CHARACTERS) || `Item #${entry.itemId}`} />
                  </span>
                  <span className="mt-1 flex flex-wrap gap-1">
                    {entry.reasons.map((entryReason) => (
                      <span key={entryReason} className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-950">
                        {REVIEW_REASON_TEXT[entryReason]}
                      </span>
                    ))}
                  </span>
                  <span className="mt-1 block text-xs text-slate-700">
                    Final: {describeAnswer(finalAnswerOf(entry), labelName)}
                    {entry.prediction ? (
                      <>
                        {' · '}Model: {labelName(entry.prediction.labelId)}
                        {entry.prediction.score !== null ? ` ${Math.round(entry.prediction.score * 100)}%` : ''}
                        {isAgreedWithModel(entry) ? ' (agrees)' : ''}
                      </>
                    ) : null}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      <div className="lg:col-span-2">
        {isQueueEmpty && selectedItemId === null ? (
          <ReviewEmptyState slug={slug} setup={setup} />
        ) : selectedItemId !== null ? (
          <ReviewItemPanel key={selectedItemId} projectId={projectId} itemId={selectedItemId} labels={labels} isMultiLabel={isMultiLabel} spanSetup={spanSetup} onDecided={goToNext} isKeyboardPaused={isHelpOpen} />
        ) : (
          <p className="card text-sm text-slate-600">{queue.data ? 'Choose an item from the queue.' : 'Loading the queue…'}</p>
        )}
      </div>
      {isHelpOpen ? <ReviewHelpDialog labels={labels} kind={spanSetup !== null ? 'spans' : isMultiLabel ? 'set' : 'label'} onClose={() => setIsHelpOpen(false)} /> : null}
    </div>
  );
}
