'use client';

import { useMutation } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { createClientId } from './client-id';
import type { TQueueTask } from './queue-task';
import { callWithRetry, isTransientError } from './retry';

/** A submission or skip on its way to the server; kept until stored, so nothing is lost while the page is open. */
export type TPendingWork = {
  clientId: string;
  itemId: number;
  description: string;
  state: 'saving' | 'retrying' | 'failed';
  error?: string;
  send: () => Promise<void>;
};

/**
 * The latest label, which undo takes back. Held from the moment it is sent: an undo pressed while it
 * is still on its way waits for it, rather than taking back the label before it.
 */
export type TLastLabel = { clientId: string; description: string; stored: Promise<{ annotationId: number; undoUntil: Date } | null> };

// The item on screen plus one prefetched, so the next appears the moment this one is submitted.
const TASKS_AHEAD = 2;
// An undo waits this long for the label it takes back to be stored (it may be retrying).
const UNDO_WAIT_MS = 10_000;

/**
 * The annotator's side of the queue in the browser: the task on screen and the next one prefetched,
 * submissions and skips sent in the background with retries (same client id, so the server stores
 * each once), and undo of the last label.
 */
export function useTaskQueue(projectId: number) {
  const trpc = useTRPC();
  const { mutateAsync: requestNext } = useMutation(trpc.label.next.mutationOptions());
  const { mutateAsync: sendSubmission } = useMutation(trpc.label.submit.mutationOptions());
  const { mutateAsync: sendSkip } = useMutation(trpc.label.skip.mutationOptions());
  const { mutateAsync: sendUndo } = useMutation(trpc.label.undo.mutationOptions());

  const [tasks, setTasks] = useState<TQueueTask[]>([]);
  const [isLoading, setIsLoading] = useState(true);
  const [isExhausted, setIsExhausted] = useState(false);
  const [pending, setPending] = useState<TPendingWork[]>([]);
  const [lastLabel, setLastLabel] = useState<TLastLabel | null>(null);
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

  const submitLabel = useCallback(
    (labelId: number, labelName: string) => {
      const task = tasks[0];
      if (!task) return;
      const clientId = createClientId();
      const leadTimeMs = Math.round(performance.now() - shownAt.current);
      const description = `Label “${labelName}”`;
      let settle: (stored: { annotationId: number; undoUntil: Date } | null) => void = () => {};
      const stored = new Promise<{ annotationId: number; undoUntil: Date } | null>((resolve) => (settle = resolve));
      advance();
      setNotice(null);
      setLastLabel({ clientId, description, stored });
      enqueue({ clientId, itemId: task.itemId, description }, async () => {
        try {
          const result = await sendSubmission({ projectId, itemId: task.itemId, labelId, clientId, leadTimeMs });
          settle({ annotationId: result.annotationId, undoUntil: result.undoUntil });
          // The undo button goes away when the server would refuse the undo.
          setTimeout(() => setLastLabel((last) => (last?.clientId === clientId ? null : last)), result.undoUntil.getTime() - Date.now());
          if (!result.isDuplicate) setSavedTimes((times) => [...times.slice(-999), Date.now()]);
        } catch (error) {
          // Retried sends call this again; only the last failure matters to an undo waiting on it.
          if (!isTransientError(error)) settle(null);
          throw error;
        }
      });
    },
    [tasks, projectId, advance, enqueue, sendSubmission],
  );

  const skipTask = useCallback(
    (reason: string) => {
      const task = tasks[0];
      if (!task) return;
      const clientId = createClientId();
      advance();
      setNotice(null);
      enqueue({ clientId, itemId: task.itemId, description: 'Skip' }, async () => {
        await sendSkip({ projectId, itemId: task.itemId, reason, clientId });
      });
    },
    [tasks, projectId, advance, enqueue, sendSkip],
  );

  const undoLast = useCallback(async () => {
    if (!lastLabel) {
      setNotice({ tone: 'info', message: 'Nothing to undo.' });
      return;
    }
    setLastLabel(null);
    const stored = await Promise.race([lastLabel.stored, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), UNDO_WAIT_MS))]);
    if (stored === 'pending') {
      setLastLabel((last) => last ?? lastLabel);
      setNotice({ tone: 'info', message: 'That label is still being saved; undo again in a moment.' });
      return;
    }
    if (!stored || stored.undoUntil.getTime() < Date.now()) {
      setNotice({ tone: 'info', message: stored ? 'Too late to undo that label.' : 'That label was not saved, so there is nothing to undo.' });
      return;
    }
    try {
      const task = await sendUndo({ projectId, annotationId: stored.annotationId });
      setTasks((current) => [task, ...current.filter((held) => held.itemId !== task.itemId)]);
      setSavedTimes((times) => times.slice(0, -1));
      setNotice({ tone: 'info', message: `${lastLabel.description} undone: label the item again.` });
    } catch (error) {
      setNotice({ tone: 'error', message: `Could not undo: ${describeError(error)}` });
    }
  }, [lastLabel, projectId, sendUndo]);

  return {
    current: tasks[0] ?? null,
    isLoading,
    isExhausted: isExhausted && tasks.length === 0 && !isLoading,
    pending,
    canUndo: lastLabel !== null,
    notice,
    savedTimes,
    submitLabel,
    skipTask,
    undoLast,
    /** After "nothing left" or a failed load: ask the server again. */
    reload: () => setIsExhausted(false),
    retryFailed: () => pending.filter((work) => work.state === 'failed').forEach((work) => void work.send()),
    dismissNotice: () => setNotice(null),
  };
}
