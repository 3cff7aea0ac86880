import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';

/**
 * Wake-ups by topic inside one process: 'wake' (work was queued for the workers) and
 * `decision:<id>` (a case was settled, for long-polls). Other processes hear of them through
 * PostgreSQL (publish-signals.ts, listen-for-signals.ts); every waiter also has a timeout, because
 * a signal is a shortcut, never the only way work is found.
 */
export type TSignalBus = {
  /** Tells this process's own signals apart when PostgreSQL hands them back. */
  source: string;
  emit(topic: string): void;
  /** Resolves at the next signal on `topic`, after `ms`, or on abort, whichever comes first. */
  wait(topic: string, ms: number, signal?: AbortSignal): Promise<void>;
};

export function createSignalBus(): TSignalBus {
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    source: randomBytes(6).toString('hex'),
    emit: (topic) => void emitter.emit(topic),
    wait: (topic, ms, signal) =>
      new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          emitter.off(topic, done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        emitter.once(topic, done);
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
}

type TBusGlobal = typeof globalThis & { __quorumSignalBus?: TSignalBus };

/** The bus of this process: on globalThis because Next.js may load this module more than once. */
export function getProcessSignalBus(): TSignalBus {
  const store = globalThis as TBusGlobal;
  store.__quorumSignalBus ??= createSignalBus();
  return store.__quorumSignalBus;
}
