import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from './client';

/**
 * Kept on the database object under a registry symbol, not in a module's map: Next.js can load this
 * module more than once in a process, and every copy must find the area of the one shared database.
 */
const AREA = Symbol.for('quorum.fileArea');
type TWithFileArea = Database & { [AREA]?: string };

/**
 * A directory for files that belong with an embedded database and must outlive its process as it
 * does (an import's spool): beside its data, or a temporary one for a database in memory, removed
 * with it. PostgreSQL has none: its servers share no disk.
 */
export function openFileArea(db: Database, dataDir: string | null): () => void {
  const dir = dataDir ? path.join(dataDir, 'files') : fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-files-'));
  fs.mkdirSync(dir, { recursive: true });
  Object.defineProperty(db, AREA, { value: dir, configurable: true });
  return () => {
    delete (db as TWithFileArea)[AREA];
    if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
  };
}

/** The database's file area (null on PostgreSQL). */
export function fileAreaOf(db: Database): string | null {
  return (db as TWithFileArea)[AREA] ?? null;
}
