import { createHash } from 'node:crypto';
import { protocol, type PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from './client';

const DATA_ROW = 0x44; // 'D'
const ERROR_RESPONSE = 0x45; // 'E'
const DUPLICATE_STATEMENT = '42P05';

/**
 * The first row of a statement on the embedded database, each column as the UTF-8 bytes PostgreSQL
 * sent (null for SQL null), or null when there is no row. For a column the app only passes on as
 * bytes (an export page the database wrote): the ordinary client decodes every text value into a
 * string, 2 s of a million-item export's 12, and the app then encoded it back into bytes. The
 * statement is named (prepared) once per database, which saves its planning on every later page.
 * Runs in a transaction of its own, which holds PGlite's statement lock, so no other statement
 * interleaves with the wire protocol messages.
 */
export async function readPgliteRowBytes(db: Database, query: SQL): Promise<(Buffer | null)[] | null> {
  const { dialect, $client: client } = db as unknown as { dialect: PgDialect; $client: PGlite };
  const built = dialect.sqlToQuery(query);
  const values = built.params.map((param) => (param === null || param === undefined ? null : String(param)));
  const statement = `q${createHash('sha1').update(built.sql).digest('hex').slice(0, 24)}`;
  const prepared = PREPARED.get(client) ?? new Set<string>();
  PREPARED.set(client, prepared);
  const execute = [protocol.serialize.bind({ statement, values }), protocol.serialize.execute({}), protocol.serialize.sync()];
  const parse = prepared.has(statement) ? [] : [protocol.serialize.parse({ name: statement, text: built.sql })];
  // An error must surface within the transaction, which then rolls back instead of committing.
  const run = (messages: Uint8Array[]) => client.transaction(async () => readFirstDataRow(await exchange(client, Buffer.concat(messages))));
  const row = await run([...parse, ...execute]).catch((error: unknown) => {
    // Named by another copy of this module (a reloaded one) on the same database: the name is the
    // text's hash, so the statement is this one.
    if ((error as { code?: string }).code !== DUPLICATE_STATEMENT) throw error;
    return run(execute);
  });
  prepared.add(statement);
  return row;
}

/** Statements named on each database (the embedded database keeps one session, and with it their plans). */
const PREPARED = new WeakMap<PGlite, Set<string>>();

/** How long each database's last response was. */
const RESPONSE_BYTES = new WeakMap<PGlite, number>();

async function exchange(client: PGlite, message: Buffer): Promise<Buffer> {
  // The streaming call, unlike execProtocolRaw, leaves the response unparsed. Its chunks (a few KB
  // each) are views into the database's memory, copied into one buffer as they come: a copy apiece
  // and then a joined copy left twice a page's bytes of garbage, which the export's peak memory showed.
  let response = Buffer.allocUnsafe(RESPONSE_BYTES.get(client) ?? 64 * 1024);
  let length = 0;
  await client.execProtocolRawStream(message, {
    syncToFs: false,
    onRawData: (bytes) => {
      if (length + bytes.length > response.length) {
        const grown = Buffer.allocUnsafe(Math.max(response.length * 2, length + bytes.length));
        response.copy(grown, 0, 0, length);
        response = grown;
      }
      response.set(bytes, length);
      length += bytes.length;
    },
  });
  // The next response is most likely as long (an export's next page): sized for it, it is filled without growing.
  RESPONSE_BYTES.set(client, Math.max(length, 64 * 1024));
  return response.subarray(0, length);
}

function readFirstDataRow(response: Buffer): (Buffer | null)[] | null {
  let row: (Buffer | null)[] | null = null;
  for (let at = 0; at < response.length; ) {
    const type = response[at];
    const length = response.readInt32BE(at + 1);
    if (type === ERROR_RESPONSE) throw readDatabaseError(response.subarray(at, at + 1 + length));
    if (type === DATA_ROW && row === null) row = readColumns(response, at + 5);
    at += 1 + length;
  }
  return row;
}

function readColumns(response: Buffer, at: number): (Buffer | null)[] {
  const count = response.readInt16BE(at);
  const columns: (Buffer | null)[] = [];
  let offset = at + 2;
  for (let column = 0; column < count; column++) {
    const length = response.readInt32BE(offset);
    offset += 4;
    columns.push(length === -1 ? null : response.subarray(offset, offset + length));
    offset += Math.max(length, 0);
  }
  return columns;
}

function readDatabaseError(message: Buffer): Error {
  let error: Error = new Error('the embedded database answered with an error');
  new protocol.Parser().parse(message, (parsed) => {
    if (parsed instanceof Error) error = parsed;
  });
  return error;
}
