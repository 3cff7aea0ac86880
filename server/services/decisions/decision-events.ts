import { EventEmitter } from 'node:events';

type DecisionEventsGlobal = typeof globalThis & { __quorumDecisionEvents?: EventEmitter };

/**
 * In-process wake-up for callers long-polling a decision (`GET …/decisions/{id}?wait=`): whoever
 * settles a case calls `notifyDecisionChanged` after the commit, and waiters in this process
 * re-read at once. Waiters in other app servers find out by re-reading on their own timer.
 * Kept on globalThis because Next.js may load this module more than once.
 */
function getEmitter(): EventEmitter {
  const store = globalThis as DecisionEventsGlobal;
  store.__quorumDecisionEvents ??= new EventEmitter().setMaxListeners(0);
  return store.__quorumDecisionEvents;
}

export function notifyDecisionChanged(decisionId: string): void {
  getEmitter().emit(decisionId);
}

/** Resolves when the decision changes in this process, after `ms`, or on abort, whichever comes first. */
export function waitForDecisionChange(decisionId: string, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const emitter = getEmitter();
    const done = () => {
      clearTimeout(timer);
      emitter.off(decisionId, done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    emitter.once(decisionId, done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
