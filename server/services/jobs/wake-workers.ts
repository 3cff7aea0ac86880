import { EventEmitter } from 'node:events';

type WakeGlobal = typeof globalThis & { __quorumWorkerWake?: EventEmitter };

/**
 * In-process nudge for the in-app worker: a job queued by this process is picked up at once
 * instead of at the next poll. Kept on globalThis because Next.js may load this module more
 * than once. Workers in other processes poll.
 */
function getEmitter(): EventEmitter {
  const store = globalThis as WakeGlobal;
  store.__quorumWorkerWake ??= new EventEmitter().setMaxListeners(50);
  return store.__quorumWorkerWake;
}

export function wakeWorkers(): void {
  getEmitter().emit('wake');
}

/** Resolves at the next wake-up or after `ms`, whichever comes first. */
export function waitForWake(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const emitter = getEmitter();
    const done = () => {
      clearTimeout(timer);
      emitter.off('wake', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    emitter.once('wake', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
