import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import lockfile from 'proper-lockfile';
import { openFileArea } from './file-area';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import { schema, type Database, type DatabaseHandle } from './client';

export class DatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Quorum process` +
        `${holderPid ? ` (pid ${holderPid})` : ''}. Stop that process, or use another QUORUM_DATA_DIR.`,
    );
    this.name = 'DatabaseLockedError';
  }
}

const STALE_MS = 15_000;

// PGlite's default 128 MB of shared buffers costs some 700 MB of resident memory (measured); the
// data files sit in the operating system's page cache anyway, so a small pool loses little speed.
// PGlite runs with fsync off (its default), so it cannot survive an operating-system crash whatever
// its WAL holds; full-page images guard only against pages torn by such a crash, and they made up a
// large share of a bulk import's WAL writes (a million-row import: 70 s instead of 73).
export const PGLITE_SETTINGS = ['shared_buffers = 32MB', 'full_page_writes = off'];

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolderPid(pidFile: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * PGlite has no cross-process locking and two processes on one data directory corrupt it, so the
 * directory is guarded by a lock file. A live holder gets an immediate, clear error; a lock whose
 * recorded holder is dead is taken over at once, and one without a holder once it goes stale.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, 'quorum.lock');
  const pidFile = path.join(dataDir, 'quorum.pid');
  const options = {
    realpath: false,
    lockfilePath: lockPath,
    stale: STALE_MS,
    update: STALE_MS / 3,
    // A long synchronous stretch (training, a big import) can delay the mtime refresh; losing the
    // lock then is a warning, not a reason to kill the process holding the database.
    onCompromised: (error: Error) => console.warn(`[db] data directory lock: ${error.message}`),
  };
  // proper-lockfile takes over a lock whose mtime went stale, and a holder starved of CPU (PGlite's
  // start-up blocks its event loop for seconds) can miss the refresh: a live holder is never taken over.
  const recorded = readHolderPid(pidFile);
  if (recorded !== null && recorded !== process.pid && fs.existsSync(lockPath) && isProcessAlive(recorded)) {
    throw new DatabaseLockedError(dataDir, recorded);
  }
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = readHolderPid(pidFile);
    if (holder !== null && isProcessAlive(holder)) throw new DatabaseLockedError(dataDir, holder);
    if (holder !== null) fs.rmSync(lockPath, { recursive: true, force: true });
    const retries = holder === null ? { retries: 8, minTimeout: 500, maxTimeout: STALE_MS / 4 } : 0;
    release = await lockfile.lock(dataDir, { ...options, retries }).catch(() => {
      throw new DatabaseLockedError(dataDir, holder);
    });
  }
  fs.writeFileSync(pidFile, String(process.pid));
  return async () => {
    fs.rmSync(pidFile, { force: true });
    await release();
  };
}

/** The handle of an open PGlite: its drizzle database and its file area, closed together (then `afterClose`). */
export function toPgliteHandle(client: PGlite, dataDir: string | null, afterClose?: () => Promise<void>): DatabaseHandle {
  const db = drizzle(client, { schema }) as unknown as Database;
  const closeFileArea = openFileArea(db, dataDir);
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await client.close();
      closeFileArea();
      await afterClose?.();
    },
  };
}

/** Opens (and migrates) PGlite in `dataDir`, or in memory when dataDir is null (tests). */
export async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  let unlock: (() => Promise<void>) | null = null;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  try {
    const client = await PGlite.create(dataDir ? path.join(dataDir, 'pgdata') : undefined, { postgresqlconf: PGLITE_SETTINGS });
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
    return toPgliteHandle(client, dataDir, unlock ?? undefined);
  } catch (error) {
    await unlock?.();
    throw error;
  }
}
