'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { VisibleText } from '@/app/_components/visible-text';
import { describeError } from '@/app/_lib/error-message';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { ReviewItemPanel } from './review-item-panel';
import { REVIEW_REASON_TEXT } from './review-reasons';

type TLabel = RouterOutputs['project']['bySlug']['labels'][number];

/** The reviewer's queue (every item with an open review task, oldest first) beside the item being decided. */
export function ReviewWorkspace({ projectId, labels, initialItemId }: { projectId: number; labels: TLabel[]; initialItemId: number | null }) {
  const trpc = useTRPC();
  const queue = useQuery(trpc.review.queue.queryOptions({ projectId }));
  const [chosenItemId, setChosenItemId] = useState<number | null>(initialItemId);
  const entries = queue.data?.entries ?? [];
  const selectedItemId = chosenItemId ?? entries[0]?.itemId ?? null;

  function goToNext(decidedItemId: number) {
    const rest = entries.filter((entry) => entry.itemId !== decidedItemId);
    setChosenItemId(rest[0]?.itemId ?? null);
  }

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section className="card lg:col-span-1" aria-labelledby="review-queue-heading">
        <h2 id="review-queue-heading" className="font-semibold">
          Needs review {queue.data ? <span className="text-slate-600">({queue.data.total.toLocaleString()})</span> : null}
        </h2>
        {queue.error ? <Alert tone="error">{describeError(queue.error)}</Alert> : null}
        {queue.data && entries.length === 0 ? <p className="mt-3 text-sm text-slate-600">Nothing waits for a review.</p> : null}
        <ul className="mt-3 max-h-[70vh] space-y-2 overflow-y-auto" aria-label="Review queue">
          {entries.map((entry) => (
            <li key={entry.itemId}>
              <button
                type="button"
                onClick={() => setChosenItemId(entry.itemId)}
                aria-current={entry.itemId === selectedItemId ? 'true' : undefined}
                className={`w-full rounded-md border p-2 text-left text-sm ${entry.itemId === selectedItemId ? 'border-blue-700 bg-blue-50' : 'border-slate-200 hover:bg-slate-50'}`}
                data-testid="review-entry"
              >
                <span className="line-clamp-2 break-words text-slate-900">
                  <VisibleText text={entry.preview} />
                </span>
                <span className="mt-1 flex flex-wrap gap-1">
                  {entry.reasons.map((reason) => (
                    <span key={reason} className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-950">
                      {REVIEW_REASON_TEXT[reason]}
                    </span>
                  ))}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <div className="lg:col-span-2">
        {selectedItemId !== null ? (
          <ReviewItemPanel key={selectedItemId} projectId={projectId} itemId={selectedItemId} labels={labels} onDecided={goToNext} />
        ) : (
          <p className="card text-sm text-slate-600">Choose an item from the queue.</p>
        )}
      </div>
    </div>
  );
}
