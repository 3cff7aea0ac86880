import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from './client';

const AREAS = new WeakMap<Database, string>();

/**
 * A directory for files that belong with an embedded database and must outlive its process as it
 * does (an import's spool): beside its data, or a temporary one for a database in memory, removed
 * with it. PostgreSQL has none: its servers share no disk.
 */
export function openFileArea(db: Database, dataDir: string | null): () => void {
  const dir = dataDir ? path.join(dataDir, 'files') : fs.mkdtempSync(path.join(os.tmpdir(), 'quorum-files-'));
  fs.mkdirSync(dir, { recursive: true });
  AREAS.set(db, dir);
  return () => {
    AREAS.delete(db);
    if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
  };
}

/** The database's file area (null on PostgreSQL). */
export function fileAreaOf(db: Database): string | null {
  return AREAS.get(db) ?? null;
}
