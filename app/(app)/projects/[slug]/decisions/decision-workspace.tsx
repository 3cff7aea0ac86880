'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { KeysDialog } from '@/app/_components/keys-dialog';
import { VisibleText } from '@/app/_components/visible-text';
import { describeError } from '@/app/_lib/error-message';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { isTypingTarget } from '../label/keyboard';
import { DecisionCasePanel } from './decision-case-panel';
import { DECISION_KEY_ROWS, resolveDecisionKey } from './decision-keyboard';
import { describeDeadline } from './format-deadline';

type TEntry = RouterOutputs['decisions']['queue']['entries'][number];

/** Cases arrive from other systems at any time; the queue refreshes itself this often. */
const QUEUE_REFRESH_MS = 15_000;

const REASON_TEXT: Record<TEntry['reason'], string> = { pending: 'Pending', escalated: 'Escalated', audit: 'Audit' };

/**
 * The reviewers' decision queue (breached deadlines first, then the nearest, then the oldest) beside
 * the case being answered. Keyboard first: ↓/↑ move, a/o/r/e answer, ? shows the keys.
 */
export function DecisionWorkspace({ projectId, slug, labels }: { projectId: number; slug: string; labels: readonly string[] }) {
  const trpc = useTRPC();
  const queue = useQuery({ ...trpc.decisions.queue.queryOptions({ projectId }), refetchInterval: QUEUE_REFRESH_MS });
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  const [lastOutcome, setLastOutcome] = useState<string | null>(null);
  const entries = queue.data?.entries ?? [];
  const ids = entries.map((entry) => entry.id);
  const selectedId = chosenId !== null && ids.includes(chosenId) ? chosenId : (ids[0] ?? null);

  function step(by: 1 | -1) {
    if (ids.length === 0) return;
    const index = selectedId === null ? -1 : ids.indexOf(selectedId);
    setChosenId(ids[Math.min(ids.length - 1, Math.max(0, index + by))] ?? null);
  }

  function goToNext(answeredId: string, outcome: string) {
    setLastOutcome(outcome);
    const index = ids.indexOf(answeredId);
    const rest = ids.filter((id) => id !== answeredId);
    setChosenId(rest[Math.min(Math.max(index, 0), rest.length - 1)] ?? null);
  }

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTypingTarget(event.target)) return;
      const action = resolveDecisionKey(event);
      if (action.kind === 'help') {
        event.preventDefault();
        setIsHelpOpen((open) => !open);
      } else if (action.kind === 'close') setIsHelpOpen(false);
      else if (isHelpOpen) return;
      else if (action.kind === 'next' || action.kind === 'previous') {
        event.preventDefault();
        step(action.kind === 'next' ? 1 : -1);
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <section className="card space-y-3 lg:col-span-1" aria-labelledby="decision-queue-heading">
        <div className="flex items-baseline justify-between gap-2">
          <h2 id="decision-queue-heading" className="font-semibold">
            Waiting for you {queue.data ? <span className="text-slate-600">({queue.data.total.toLocaleString()})</span> : null}
          </h2>
          <button type="button" className="link text-sm" onClick={() => setIsHelpOpen(true)} aria-keyshortcuts="?">
            Keys <kbd className="font-mono text-xs">?</kbd>
          </button>
        </div>
        {queue.error ? <Alert tone="error">{describeError(queue.error)}</Alert> : null}
        {queue.data?.isBlind ? <p className="text-sm text-slate-700">Blind review is on: the model’s suggestions are hidden.</p> : null}
        {queue.data && entries.length === 0 ? <p className="text-sm text-slate-700">No case waits for you.</p> : null}
        <ul className="max-h-[65vh] space-y-2 overflow-y-auto" aria-label="Decision queue">
          {entries.map((entry) => (
            <QueueEntry
              key={entry.id}
              entry={entry}
              slug={slug}
              isCurrent={entry.id === selectedId}
              onChoose={() => {
                setChosenId(entry.id);
                setLastOutcome(null);
              }}
            />
          ))}
        </ul>
      </section>
      <div className="space-y-3 lg:col-span-2">
        {lastOutcome ? <Alert tone="success">{lastOutcome}</Alert> : null}
        {selectedId !== null ? (
          <DecisionCasePanel
            key={selectedId}
            projectId={projectId}
            slug={slug}
            decisionId={selectedId}
            labels={labels}
            onAnswered={goToNext}
            isKeyboardPaused={isHelpOpen}
          />
        ) : (
          <p className="card text-sm text-slate-600">{queue.data ? 'Nothing to decide right now.' : 'Loading the queue…'}</p>
        )}
      </div>
      {isHelpOpen ? <KeysDialog title="Decision keys" headingId="decision-help-heading" rows={DECISION_KEY_ROWS} onClose={() => setIsHelpOpen(false)} /> : null}
    </div>
  );
}

function QueueEntry({ entry, slug, isCurrent, onChoose }: { entry: TEntry; slug: string; isCurrent: boolean; onChoose: () => void }) {
  // A breached deadline is marked by a word and an icon as well as the colour.
  const border = entry.isBreached ? 'border-red-600 border-l-4' : isCurrent ? 'border-blue-700' : 'border-slate-200';
  return (
    <li className={`rounded-md border p-2 ${border} ${isCurrent ? 'bg-blue-50' : ''}`} data-testid="decision-entry" data-breached={entry.isBreached ? 'true' : undefined}>
      <button type="button" onClick={onChoose} aria-current={isCurrent ? 'true' : undefined} className="block w-full text-left text-sm hover:underline">
        <span className="line-clamp-2 break-words text-slate-900">
          <VisibleText text={entry.preview || entry.id} />
        </span>
        <span className="mt-1 flex flex-wrap gap-1 text-xs">
          <span className={`rounded px-1.5 py-0.5 ${entry.reason === 'audit' ? 'bg-slate-100 text-slate-900' : 'bg-amber-100 text-amber-950'}`}>{REASON_TEXT[entry.reason]}</span>
          <span className={entry.isBreached ? 'rounded bg-red-100 px-1.5 py-0.5 font-semibold text-red-900' : 'px-1.5 py-0.5 text-slate-700'}>
            {entry.isBreached ? <span aria-hidden="true">⚠ </span> : null}
            {describeDeadline(entry.deadline)}
          </span>
          {entry.reason !== 'audit' && entry.requiredApprovals > 1 ? (
            <span className="px-1.5 py-0.5 text-slate-700">
              {entry.approvals} of {entry.requiredApprovals} approvals
            </span>
          ) : null}
        </span>
        <span className="mt-1 block text-xs text-slate-700">
          {entry.suggestion ? (
            <>
              Model: <VisibleText text={entry.suggestion.label} /> {Math.round(entry.suggestion.probability * 100)}% ·{' '}
            </>
          ) : null}
          {entry.routeReasonText}
        </span>
      </button>
      <Link href={`/projects/${slug}/decisions/${encodeURIComponent(entry.id)}`} className="link mt-1 inline-block text-xs">
        Record<span className="sr-only"> of case {entry.id}</span>
      </Link>
    </li>
  );
}
