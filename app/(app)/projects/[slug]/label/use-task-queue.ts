'use client';

import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { UNDO_HISTORY_SIZE } from '@/server/routers/label.schema';
import type { TSpan } from '@/ml/spans/span-types';
import { createClientId } from './client-id';
import { previewText } from './html-text';
import { ExchangeError, LabelingSession, readExchangeResponse, type TExchangeRequest, type TExchangeResponse, type TOutboxEntry } from './labeling-session';

/** An answer as the server takes it: one label, or a set of labels (multi-label; empty is "none of these"). */
export type TAnswerInput = { labelId: number } | { value: { labelIds: number[] } } | { value: { spans: TSpan[] } };

/** A submission or skip on its way to the server; kept until stored, so nothing is lost while the page is open. */
export type TPendingWork = { clientId: string; itemId: number; description: string; state: TOutboxEntry['state']; error?: string };

/** What the server stored for an answer: the annotation (a label) or the item (a skip), and until when it may be undone. */
export type TStoredAnswer = { annotationId: number | null; itemId: number; undoUntil: Date };

/**
 * One answer of this session (a label or a skip), newest first in the history, which undo takes back.
 * Held from the moment it is given: an undo pressed while it is still on its way waits for it, rather
 * than taking back the answer before it. The server decides whether it may still be undone.
 */
export type THistoryEntry = {
  clientId: string;
  kind: 'label' | 'skip';
  itemId: number;
  description: string;
  /** The start of the item's text, to recognise it in the list. */
  preview: string;
  stored: Promise<TStoredAnswer | null>;
  /** Known once stored; after it the server refuses the undo. */
  undoUntil: number | null;
};

// An undo waits this long for the answer it takes back to be stored (it may be retrying).
const UNDO_WAIT_MS = 10_000;
const PREVIEW_CHARACTERS = 80;
// keepalive lets an exchange outlive the page (an answer given just before closing the tab), up to the browser's 64 KiB.
const KEEPALIVE_MAX_BYTES = 60_000;

async function exchangeOverHttp(slug: string, request: TExchangeRequest): Promise<TExchangeResponse> {
  const body = JSON.stringify(request);
  let response: Response;
  try {
    response = await fetch(`/api/v1/projects/${encodeURIComponent(slug)}/labeling:exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      credentials: 'same-origin',
      keepalive: body.length <= KEEPALIVE_MAX_BYTES,
    });
  } catch {
    throw new ExchangeError('The server did not answer', undefined);
  }
  const json = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new ExchangeError(json?.error?.message ?? `The server answered ${response.status}`, response.status);
  return readExchangeResponse(json);
}

/**
 * The annotator's side of the queue in the browser, on LabelingSession: a batch of leased tasks (the
 * first on screen, the rest ready), answers and skips sent in the background several per request with
 * retries (same client id, so the server stores each once), and a short history of this session's
 * answers, any of which can be undone while the server allows it.
 */
export function useTaskQueue(projectId: number, slug: string, batchSize: number) {
  const trpc = useTRPC();
  const { mutateAsync: sendUndo } = useMutation(trpc.label.undo.mutationOptions());
  const { mutateAsync: sendUndoSkip } = useMutation(trpc.label.undoSkip.mutationOptions());

  const [history, setHistory] = useState<THistoryEntry[]>([]);
  const [notice, setNotice] = useState<{ tone: 'error' | 'info'; message: string } | null>(null);
  // When each label of this session was stored (Date.now()), to keep progress counts current between reads.
  const [savedTimes, setSavedTimes] = useState<number[]>([]);
  // Each answer's hand-off to its history entry, by client id.
  const [settlers] = useState(() => new Map<string, (stored: TStoredAnswer | null) => void>());

  // When the item on screen appeared (performance.now()), for its lead time.
  const shownAt = useRef(0);
  const forget = useCallback((clientId: string) => setHistory((current) => current.filter((held) => held.clientId !== clientId)), []);

  const session = useMemo(() => {
    let version = 0;
    const listeners = new Set<() => void>();
    const created = new LabelingSession({
      batchSize,
      exchange: (request) => exchangeOverHttp(slug, request),
      events: {
        onChange: () => {
          version++;
          listeners.forEach((listener) => listener());
        },
        onStored: (entry, result) => {
          settlers.get(entry.answer.clientId)?.({ annotationId: result.annotationId, itemId: result.itemId, undoUntil: result.undoUntil });
          settlers.delete(entry.answer.clientId);
          setHistory((current) => current.map((held) => (held.clientId === entry.answer.clientId ? { ...held, undoUntil: result.undoUntil.getTime() } : held)));
          if (!result.isDuplicate && entry.answer.skipReason === undefined) setSavedTimes((times) => [...times.slice(-999), Date.now()]);
        },
        onRefused: (entry, message) => {
          // The server will never take it (the reservation expired and someone else labeled it): say so and move on.
          settlers.get(entry.answer.clientId)?.(null);
          settlers.delete(entry.answer.clientId);
          forget(entry.answer.clientId);
          setNotice({ tone: 'error', message: `${entry.description} was not saved: ${message}` });
        },
        onLoadFailed: (message) => setNotice({ tone: 'error', message: `Could not load the next item: ${message}` }),
      },
    });
    return { created, subscribe: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)), getVersion: () => version };
  }, [slug, batchSize, settlers, forget]);
  useSyncExternalStore(session.subscribe, session.getVersion, session.getVersion);
  const queue = session.created;

  useEffect(() => {
    queue.start();
    // Answers still waiting for their exchange go now when the page is hidden or left.
    const flush = () => {
      if (document.visibilityState === 'hidden') queue.flush();
    };
    document.addEventListener('visibilitychange', flush);
    window.addEventListener('pagehide', queue.flush);
    return () => {
      document.removeEventListener('visibilitychange', flush);
      window.removeEventListener('pagehide', queue.flush);
      queue.flush();
      queue.stop();
    };
  }, [queue]);

  /** Answers the item on screen (a label, a set of labels, spans, or a skip) and shows the next at once. */
  const answer = useCallback(
    (kind: THistoryEntry['kind'], fields: TAnswerInput | { skipReason: string }, description: string) => {
      const task = queue.current;
      if (!task) return;
      const clientId = createClientId();
      const leadTimeMs = kind === 'label' ? Math.round(performance.now() - shownAt.current) : undefined;
      let settle: (stored: TStoredAnswer | null) => void = () => {};
      const stored = new Promise<TStoredAnswer | null>((resolve) => (settle = resolve));
      settlers.set(clientId, settle);
      setHistory((current) => [{ clientId, kind, itemId: task.itemId, description, preview: previewText(task.text, PREVIEW_CHARACTERS), stored, undoUntil: null }, ...current].slice(0, UNDO_HISTORY_SIZE));
      setNotice(null);
      queue.answer({ clientId, ...fields, ...(leadTimeMs === undefined ? {} : { leadTimeMs }) }, description);
    },
    [queue, settlers],
  );

  const submitAnswer = useCallback((fields: TAnswerInput, description: string) => answer('label', fields, description), [answer]);
  const skipTask = useCallback((reason: string) => answer('skip', { skipReason: reason }, `Skip (${reason})`), [answer]);

  /** Takes back one answer of the history; the item returns to the screen to be answered again. */
  const undo = useCallback(
    async (entry: THistoryEntry) => {
      forget(entry.clientId);
      // It may still be waiting for its exchange: send it now.
      queue.flush();
      const stored = await Promise.race([entry.stored, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), UNDO_WAIT_MS))]);
      if (stored === 'pending') {
        setHistory((current) => (current.some((held) => held.clientId === entry.clientId) ? current : [entry, ...current]));
        setNotice({ tone: 'info', message: `${entry.description} is still being saved; undo again in a moment.` });
        return;
      }
      if (!stored) {
        setNotice({ tone: 'info', message: `${entry.description} was not saved, so there is nothing to undo.` });
        return;
      }
      try {
        const task = stored.annotationId === null ? await sendUndoSkip({ projectId, itemId: stored.itemId }) : await sendUndo({ projectId, annotationId: stored.annotationId });
        queue.showFirst(task);
        if (entry.kind === 'label') setSavedTimes((times) => times.slice(0, -1));
        setNotice({ tone: 'info', message: `${entry.description} undone: answer the item again.` });
      } catch (error) {
        // The server's reason (too late, a reviewer decided, someone else took the item) is the answer.
        setNotice({ tone: 'error', message: `Could not undo ${entry.description.toLowerCase()}: ${describeError(error)}` });
      }
    },
    [projectId, queue, sendUndo, sendUndoSkip, forget],
  );

  // Entries past their undo time are dropped from the list (the server would refuse them).
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);
  const undoable = history.filter((entry) => entry.undoUntil === null || entry.undoUntil > now);

  const undoLast = useCallback(async () => {
    const [newest] = undoable;
    if (!newest) {
      setNotice({ tone: 'info', message: 'Nothing to undo.' });
      return;
    }
    await undo(newest);
  }, [undoable, undo]);

  const current = queue.current;
  const currentItemId = current?.itemId;
  useEffect(() => {
    shownAt.current = performance.now();
  }, [currentItemId]);

  const pending: TPendingWork[] = queue.outbox.map((entry) => ({ clientId: entry.answer.clientId, itemId: entry.answer.itemId, description: entry.description, state: entry.state, error: entry.error }));
  return {
    current,
    /** The next task (its image starts loading while the current one is on screen). */
    upcoming: queue.upcoming,
    isLoading: queue.isLoading,
    isExhausted: queue.isExhausted && queue.tasks.length === 0 && !queue.isLoading,
    pending,
    canUndo: undoable.length > 0,
    history: undoable,
    undo,
    notice,
    savedTimes,
    submitAnswer,
    skipTask,
    undoLast,
    /** After "nothing left" or a failed load: ask the server again. */
    reload: () => queue.reload(),
    retryFailed: () => queue.retryFailed(),
    dismissNotice: () => setNotice(null),
  };
}
