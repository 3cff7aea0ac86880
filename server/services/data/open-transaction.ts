import type { Database } from '@/db/client';

export type TOpenTransaction = {
  tx: Database;
  commit: () => Promise<void>;
  rollback: () => Promise<void>;
};

class RolledBack extends Error {}

/**
 * A drizzle transaction held open across calls, for work that does not fit one callback (an import
 * reading its upload batch by batch). Nested `tx.transaction` calls stay savepoints. Call exactly
 * one of commit or rollback; commit throws what the transaction's end threw.
 */
export function openTransaction(db: Database): Promise<TOpenTransaction> {
  return new Promise((resolveOpen, rejectOpen) => {
    let end: { resolve: () => void; reject: (error: Error) => void } | null = null;
    const held = new Promise<void>((resolve, reject) => {
      end = { resolve, reject };
    });
    let isOpen = false;
    const outcome = db.transaction(async (tx) => {
      isOpen = true;
      resolveOpen({
        tx: tx as unknown as Database,
        commit: async () => {
          end?.resolve();
          await outcome;
        },
        rollback: async () => {
          end?.reject(new RolledBack());
          await outcome.catch((error: unknown) => {
            if (!(error instanceof RolledBack)) throw error;
          });
        },
      });
      await held;
    });
    // Before the callback ran (no connection, BEGIN refused) the open itself failed.
    outcome.catch((error: unknown) => {
      if (!isOpen) rejectOpen(error);
    });
  });
}
