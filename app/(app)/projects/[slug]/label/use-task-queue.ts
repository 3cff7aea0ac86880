'use client';

import { useMutation } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { UNDO_HISTORY_SIZE } from '@/server/routers/label.schema';
import { createClientId } from './client-id';
import { previewText } from './html-text';
import type { TQueueTask } from './queue-task';
import type { TSpan } from '@/ml/spans/span-types';
import { callWithRetry, isTransientError } from './retry';

/** An answer as the server takes it: one label, or a set of labels (multi-label; empty is "none of these"). */
export type TAnswerInput = { labelId: number } | { value: { labelIds: number[] } } | { value: { spans: TSpan[] } };

/** A submission or skip on its way to the server; kept until stored, so nothing is lost while the page is open. */
export type TPendingWork = {
  clientId: string;
  itemId: number;
  description: string;
  state: 'saving' | 'retrying' | 'failed';
  error?: string;
  send: () => Promise<void>;
};

/** What the server stored for an answer: the annotation (a label) or the item (a skip), and until when it may be undone. */
export type TStoredAnswer = { annotationId: number | null; itemId: number; undoUntil: Date };

/**
 * One answer of this session (a label or a skip), newest first in the history, which undo takes back.
 * Held from the moment it is sent: an undo pressed while it is still on its way waits for it, rather
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

// The item on screen plus one prefetched, so the next appears the moment this one is submitted.
const TASKS_AHEAD = 2;
// An undo waits this long for the answer it takes back to be stored (it may be retrying).
const UNDO_WAIT_MS = 10_000;
const PREVIEW_CHARACTERS = 80;

/**
 * The annotator's side of the queue in the browser: the task on screen and the next one prefetched,
 * submissions and skips sent in the background with retries (same client id, so the server stores
 * each once), and a short history of this session's answers, any of which can be undone while the
 * server allows it.
 */
export function useTaskQueue(projectId: number) {
  const trpc = useTRPC();
  const { mutateAsync: requestNext } = useMutation(trpc.label.next.mutationOptions());
  const { mutateAsync: sendSubmission } = useMutation(trpc.label.submit.mutationOptions());
  const { mutateAsync: sendSkip } = useMutation(trpc.label.skip.mutationOptions());
  const { mutateAsync: sendUndo } = useMutation(trpc.label.undo.mutationOptions());
  const { mutateAsync: sendUndoSkip } = useMutation(trpc.label.undoSkip.mutationOptions());

  const [tasks, setTasks] = useState<TQueueTask[]>([]);
  const [isLoading, setIsLoading] = useState(true);
  const [isExhausted, setIsExhausted] = useState(false);
  const [pending, setPending] = useState<TPendingWork[]>([]);
  const [history, setHistory] = useState<THistoryEntry[]>([]);
  const [notice, setNotice] = useState<{ tone: 'error' | 'info'; message: string } | null>(null);
  // When each label of this session was stored (Date.now()), to keep progress counts current between reads.
  const [savedTimes, setSavedTimes] = useState<number[]>([]);
  const shownAt = useRef(0);
  const isFetching = useRef(false);
  // Read by the prefetch, which must not be handed an item that is on screen or still being saved
  // (its lease lives until the save lands, and the server would resume it).
  const heldItemIds = useRef<number[]>([]);
  useEffect(() => {
    heldItemIds.current = [...tasks.map((task) => task.itemId), ...pending.map((work) => work.itemId)];
  });

  const currentItemId = tasks[0]?.itemId;
  useEffect(() => {
    shownAt.current = performance.now();
  }, [currentItemId]);

  const fetchMore = useCallback(async () => {
    if (isFetching.current) return;
    isFetching.current = true;
    try {
      const task = await callWithRetry(() => requestNext({ projectId, excludeItemIds: heldItemIds.current }));
      if (task) setTasks((current) => (current.some((held) => held.itemId === task.itemId) ? current : [...current, task]));
      else setIsExhausted(true);
    } catch (error) {
      setNotice({ tone: 'error', message: `Could not load the next item: ${describeError(error)}` });
      setIsExhausted(true);
    } finally {
      isFetching.current = false;
      setIsLoading(false);
    }
  }, [projectId, requestNext]);

  useEffect(() => {
    if (!isExhausted && tasks.length < TASKS_AHEAD && !isFetching.current) void fetchMore();
  }, [tasks.length, isExhausted, fetchMore, pending.length]);

  const updatePending = useCallback((clientId: string, patch: Partial<TPendingWork> | null) => {
    setPending((current) => (patch === null ? current.filter((work) => work.clientId !== clientId) : current.map((work) => (work.clientId === clientId ? { ...work, ...patch } : work))));
  }, []);

  /** Sends work in the background; transient failures are retried, refusals reported, the rest kept for a manual retry. */
  const enqueue = useCallback(
    (work: Omit<TPendingWork, 'state' | 'send'>, call: () => Promise<void>) => {
      const send = async () => {
        updatePending(work.clientId, { state: 'saving', error: undefined });
        try {
          await callWithRetry(call, () => updatePending(work.clientId, { state: 'retrying' }));
          updatePending(work.clientId, null);
        } catch (error) {
          const isRefused = error instanceof TRPCClientError && (error.data as { httpStatus?: number } | undefined)?.httpStatus === 409;
          if (isRefused) {
            // The server will never take it (the reservation expired and someone else labeled it): say so and move on.
            updatePending(work.clientId, null);
            setNotice({ tone: 'error', message: `${work.description} was not saved: ${describeError(error)}` });
          } else {
            updatePending(work.clientId, { state: 'failed', error: describeError(error) });
          }
        } finally {
          // A slot may have opened (or the queue was empty before): look again.
          setIsExhausted(false);
        }
      };
      setPending((current) => [...current, { ...work, state: 'saving', send }]);
      void send();
    },
    [updatePending],
  );

  const advance = useCallback(() => {
    setTasks((current) => current.slice(1));
    setIsExhausted(false);
  }, []);

  /** Starts a history entry for an answer being sent; `settle` hands it what the server stored. */
  const remember = useCallback((entry: Omit<THistoryEntry, 'stored' | 'undoUntil'>) => {
    let settle: (stored: TStoredAnswer | null) => void = () => {};
    const stored = new Promise<TStoredAnswer | null>((resolve) => (settle = resolve));
    setHistory((current) => [{ ...entry, stored, undoUntil: null }, ...current].slice(0, UNDO_HISTORY_SIZE));
    const onStored = (answer: TStoredAnswer | null) => {
      settle(answer);
      if (answer) setHistory((current) => current.map((held) => (held.clientId === entry.clientId ? { ...held, undoUntil: answer.undoUntil.getTime() } : held)));
    };
    return onStored;
  }, []);

  const forget = useCallback((clientId: string) => setHistory((current) => current.filter((held) => held.clientId !== clientId)), []);

  /** Sends the answer to the item on screen (a label, or a set of labels) and shows the next item at once. */
  const submitAnswer = useCallback(
    (answer: TAnswerInput, description: string) => {
      const task = tasks[0];
      if (!task) return;
      const clientId = createClientId();
      const leadTimeMs = Math.round(performance.now() - shownAt.current);
      advance();
      setNotice(null);
      const settle = remember({ clientId, kind: 'label', itemId: task.itemId, description, preview: previewText(task.text, PREVIEW_CHARACTERS) });
      enqueue({ clientId, itemId: task.itemId, description }, async () => {
        try {
          const result = await sendSubmission({ projectId, itemId: task.itemId, ...answer, clientId, leadTimeMs });
          settle({ annotationId: result.annotationId, itemId: task.itemId, undoUntil: result.undoUntil });
          if (!result.isDuplicate) setSavedTimes((times) => [...times.slice(-999), Date.now()]);
        } catch (error) {
          // Retried sends call this again; only the last failure matters to an undo waiting on it.
          if (!isTransientError(error)) {
            settle(null);
            forget(clientId);
          }
          throw error;
        }
      });
    },
    [tasks, projectId, advance, enqueue, sendSubmission, remember, forget],
  );

  const skipTask = useCallback(
    (reason: string) => {
      const task = tasks[0];
      if (!task) return;
      const clientId = createClientId();
      advance();
      setNotice(null);
      const settle = remember({ clientId, kind: 'skip', itemId: task.itemId, description: `Skip (${reason})`, preview: previewText(task.text, PREVIEW_CHARACTERS) });
      enqueue({ clientId, itemId: task.itemId, description: 'Skip' }, async () => {
        try {
          const result = await sendSkip({ projectId, itemId: task.itemId, reason, clientId });
          settle({ annotationId: null, itemId: task.itemId, undoUntil: result.undoUntil });
        } catch (error) {
          if (!isTransientError(error)) {
            settle(null);
            forget(clientId);
          }
          throw error;
        }
      });
    },
    [tasks, projectId, advance, enqueue, sendSkip, remember, forget],
  );

  /** Takes back one answer of the history; the item returns to the screen to be answered again. */
  const undo = useCallback(
    async (entry: THistoryEntry) => {
      forget(entry.clientId);
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
        setTasks((current) => [task, ...current.filter((held) => held.itemId !== task.itemId)]);
        if (entry.kind === 'label') setSavedTimes((times) => times.slice(0, -1));
        setNotice({ tone: 'info', message: `${entry.description} undone: answer the item again.` });
      } catch (error) {
        // The server's reason (too late, a reviewer decided, someone else took the item) is the answer.
        setNotice({ tone: 'error', message: `Could not undo ${entry.description.toLowerCase()}: ${describeError(error)}` });
      }
    },
    [projectId, sendUndo, sendUndoSkip, forget],
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

  return {
    current: tasks[0] ?? null,
    /** The prefetched next task (its image starts loading while the current one is on screen). */
    upcoming: tasks[1] ?? null,
    isLoading,
    isExhausted: isExhausted && tasks.length === 0 && !isLoading,
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
    reload: () => setIsExhausted(false),
    retryFailed: () => pending.filter((work) => work.state === 'failed').forEach((work) => void work.send()),
    dismissNotice: () => setNotice(null),
  };
}
