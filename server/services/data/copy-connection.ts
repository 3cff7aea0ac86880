import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '@/db/client';

/** What COPY needs of a transaction's connection, which drizzle has no call for. */
export type TCopyConnection = {
  query: (text: string) => Promise<{ rows: Record<string, unknown>[] }>;
  /** COPYs rows in text format into `target` (a table and its column list). */
  copyIn: (target: string, chunks: Buffer[]) => Promise<void>;
};

/** drizzle keeps a transaction's connection as its session client (drizzle-orm 0.45). */
function sessionClient(tx: Database): unknown {
  return (tx as unknown as { session?: { client?: unknown } }).session?.client;
}

/** The node-postgres connection of a PostgreSQL transaction: COPY streams the chunks to the server. */
export function pgCopyConnection(tx: Database): TCopyConnection {
  const client = sessionClient(tx) as pg.PoolClient | undefined;
  if (!client || typeof client.query !== 'function' || typeof client.release !== 'function') {
    throw new Error('not a node-postgres transaction: COPY needs one pooled connection');
  }
  return {
    query: (text) => client.query(text),
    copyIn: (target, chunks) => pipeline(Readable.from(chunks, { objectMode: false }), client.query(copyFrom(`copy ${target} from stdin`))),
  };
}

type TPgliteTransaction = {
  query: (text: string, params?: unknown[], options?: { blob?: Pick<Blob, 'arrayBuffer'> }) => Promise<{ rows: Record<string, unknown>[] }>;
  rollback: () => Promise<void>;
};

/**
 * The embedded database's transaction: COPY reads the chunks as the blob PGlite hands it as a file.
 * PGlite asks the blob only for its ArrayBuffer and reads all of it: a chunk that is a whole
 * ArrayBuffer (`readSpool`'s) is handed over as it is, without the two copies a Blob costs.
 */
export function pgliteCopyConnection(tx: Database): TCopyConnection {
  const client = sessionClient(tx) as TPgliteTransaction | undefined;
  if (!client || typeof client.query !== 'function' || typeof client.rollback !== 'function') {
    throw new Error('not a PGlite transaction');
  }
  return {
    query: (text) => client.query(text),
    copyIn: async (target, chunks) => {
      const whole = wholeArrayBuffer(chunks);
      await client.query(`copy ${target} from '/dev/blob'`, [], { blob: { arrayBuffer: async () => whole } });
    },
  };
}

/** The chunks as one ArrayBuffer holding nothing else (small Buffers share a pool). */
function wholeArrayBuffer(chunks: Buffer[]): ArrayBuffer {
  const [only] = chunks;
  if (chunks.length === 1 && only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) return only.buffer as ArrayBuffer;
  const whole = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole.buffer;
}
