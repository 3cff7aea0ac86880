import fs from 'node:fs';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { fileAreaOf } from '@/db/file-area';
import { imports } from '@/db/schema';
import type { TImportRow } from '@/server/import';

/**
 * An embedded-database import's checked rows, waiting in a file beside the database until the whole
 * file has passed: written at disk speed while the file is read, and published chunk by chunk, one
 * short transaction each (the embedded database's one connection keeps serving everyone between
 * them). Each record is a chunk: items rows in COPY's text format (`encodeItemsCopy`), or rows with
 * annotations, predictions or a final label as JSON, which publishing writes through the app.
 * A record is its kind, its row count and its length (9 bytes), then its bytes.
 */
export type TSpoolChunk = { kind: 'copy'; rows: number; bytes: Buffer } | { kind: 'rows'; rows: TImportRow[] };

const HEADER_BYTES = 9;
/**
 * Chunks are read into one resizable buffer, exactly as long as the chunk (PGlite's COPY reads the
 * whole of it): a fresh buffer per chunk, copied twice more on the way into PGlite, left garbage that
 * the collector reclaimed late, 100 MB and more of a million-row import's peak memory. Only its
 * address space is reserved up front; a larger chunk gets a buffer of its own.
 */
const REUSED_BYTES = 256 * 2 ** 20;
const KIND_BYTES = { copy: 0x63, rows: 0x6a } as const;

/** Where the database's import spools are: null on PostgreSQL, which spools nothing. */
export function importSpoolDir(db: Database): string | null {
  const area = fileAreaOf(db);
  return area ? path.join(area, 'import-spool') : null;
}

/** Where an import's spool is (the embedded database only). */
export function importSpoolPath(db: Database, importId: number): string {
  const dir = importSpoolDir(db);
  if (!dir) throw new Error('only the embedded database spools its imports');
  return path.join(dir, `${importId}.spool`);
}

export type TSpoolWriter = {
  /** A chunk of items rows in COPY's text format, in parts as encoded. */
  appendCopy: (rows: number, parts: Buffer[]) => Promise<void>;
  appendRows: (rows: TImportRow[]) => Promise<void>;
  close: () => Promise<void>;
};

export async function createSpoolWriter(file: string): Promise<TSpoolWriter> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.promises.open(file, 'w');
  let isClosed = false;
  const append = async (kind: number, rows: number, parts: Buffer[]) => {
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    header.writeUInt8(kind, 0);
    header.writeUInt32LE(rows, 1);
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    header.writeUInt32LE(length, 5);
    const { bytesWritten } = await handle.writev([header, ...parts]);
    // A regular file takes the whole write or fails (a full disk); anything else is no spool to publish.
    if (bytesWritten !== HEADER_BYTES + length) throw new Error(`import spool ${file}: short write`);
  };
  return {
    appendCopy: (rows, parts) => append(KIND_BYTES.copy, rows, parts),
    appendRows: (rows) => append(KIND_BYTES.rows, rows.length, [Buffer.from(JSON.stringify(rows))]),
    async close() {
      if (isClosed) return;
      isClosed = true;
      await handle.close();
    },
  };
}

/** The spool's chunks in order, from the `skip`th on (those before were published). */
export async function* readSpool(file: string, skip: number): AsyncGenerator<TSpoolChunk> {
  const handle = await fs.promises.open(file, 'r');
  const reused = new (ArrayBuffer as unknown as TResizableArrayBufferConstructor)(0, { maxByteLength: REUSED_BYTES });
  try {
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    let position = 0;
    for (let index = 0; ; index++) {
      const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, position);
      if (bytesRead === 0) return;
      if (bytesRead < HEADER_BYTES) throw new Error(`import spool ${file} ends inside chunk ${index}`);
      const kind = header.readUInt8(0);
      const rows = header.readUInt32LE(1);
      const length = header.readUInt32LE(5);
      position += HEADER_BYTES;
      if (index >= skip) {
        const isCopy = kind === KIND_BYTES.copy;
        if (isCopy && length <= REUSED_BYTES) reused.resize(length);
        // Valid until the next chunk is read.
        const bytes = isCopy && length <= REUSED_BYTES ? Buffer.from(reused) : Buffer.allocUnsafe(length);
        const read = await handle.read(bytes, 0, length, position);
        if (read.bytesRead < length) throw new Error(`import spool ${file} ends inside chunk ${index}`);
        if (isCopy) yield { kind: 'copy', rows, bytes };
        else if (kind === KIND_BYTES.rows) yield { kind: 'rows', rows: parseSpooledRows(bytes) };
        else throw new Error(`import spool ${file}: chunk ${index} is of no known kind`);
      }
      position += length;
    }
  } finally {
    await handle.close();
  }
}

/** ES2024's resizable ArrayBuffer (Node 20), which TypeScript's ES2022 library does not describe. */
type TResizableArrayBufferConstructor = new (length: number, options: { maxByteLength: number }) => ArrayBuffer & { resize: (length: number) => void };

export async function removeSpool(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
}

/**
 * Removes the spools of imports no longer running or publishing: those of interrupted imports, and
 * any left by a process that died between its import's end and the spool's removal.
 */
export async function removeOrphanedSpools(db: Database): Promise<void> {
  const dir = importSpoolDir(db);
  if (!dir) return;
  const running = await db.select({ id: imports.id }).from(imports).where(inArray(imports.status, ['running', 'publishing']));
  const live = new Set(running.map((run) => run.id));
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const id = Number.parseInt(name, 10);
    if (!live.has(id)) await fs.promises.rm(path.join(dir, name), { force: true });
  }
}

function parseSpooledRows(bytes: Buffer): TImportRow[] {
  const rows = JSON.parse(bytes.toString('utf8')) as TImportRow[];
  for (const row of rows) {
    for (const annotation of row.annotations) {
      if (annotation.createdAt !== null) annotation.createdAt = new Date(annotation.createdAt as unknown as string);
    }
  }
  return rows;
}
