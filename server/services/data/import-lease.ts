import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';

/** How often a running import tells the database its process is alive. */
const HEARTBEAT_MS = 10_000;
/**
 * An unfinished import whose heartbeat is older than this belongs to a process that is gone. Several
 * missed heartbeats, so a slow upload or a long garbage collection is not taken for a crash.
 */
export const IMPORT_STALE_MS = 60_000;

/** Thrown when start-up recovery on another server took this import for dead (it missed its heartbeats). */
export class ImportLeaseLostError extends Error {
  constructor() {
    super('The import was stopped because its server stopped answering; nothing more was imported');
    this.name = 'ImportLeaseLostError';
  }
}

export type TImportLease = { assertHeld: () => void; release: () => void };

/**
 * Keeps an import's heartbeat fresh while this process works on it, whatever the pace of the
 * upload; once another process has declared it interrupted, `assertHeld` throws so the import stops.
 */
export function holdImportLease(db: Database, importId: number): TImportLease {
  let isLost = false;
  const timer = setInterval(() => {
    db.execute<{ id: number }>(sql`
      update imports set heartbeat_at = now() where id = ${importId} and status in ('running', 'publishing') returning id`)
      .then((result) => {
        if (result.rows.length === 0) isLost = true;
      })
      // A missed beat is not fatal: the next one, or the stale threshold's margin, covers it.
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    assertHeld: () => {
      if (isLost) throw new ImportLeaseLostError();
    },
    release: () => clearInterval(timer),
  };
}
