import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '@/db/client';
import { getPgErrorCode, PG_UNIQUE_VIOLATION } from '@/server/errors';
import { ITEM_COLUMN_LIST } from './item-columns';
import { transactionClient } from './transaction-client';

/**
 * Writes encoded items rows (`encodeItemsCopy`) into the project, inside a PostgreSQL import's
 * transaction, and counts the items created. COPY parses rows several times faster than an insert of
 * array parameters but cannot skip a row already in the project: it is tried first (new data, the
 * common case), and a chunk that meets one (a re-import, a repeated text) is rolled back to its
 * savepoint and written through a temporary table with `on conflict do nothing`, in file order, so
 * the first of two equal rows wins as it does elsewhere.
 */
export function createItemsCopier(tx: Database) {
  const client = transactionClient(tx);
  let hasStagingTable = false;
  const copy = (table: string, chunks: Buffer[]) => pipeline(Readable.from(chunks, { objectMode: false }), client.query(copyFrom(`copy ${table} (project_id, ${ITEM_COLUMN_LIST}) from stdin`)));

  const insertSkippingDuplicates = async (chunks: Buffer[]): Promise<number> => {
    if (!hasStagingTable) {
      await client.query(`create temporary table import_copy_rows on commit drop as select project_id, ${ITEM_COLUMN_LIST} from items with no data`);
      // The file's order, for the first of two equal rows to win.
      await client.query('alter table import_copy_rows add column n bigserial');
      hasStagingTable = true;
    }
    await copy('import_copy_rows', chunks);
    const result = await client.query<{ created: number }>(`
      with inserted as (
        insert into items (project_id, ${ITEM_COLUMN_LIST})
        select project_id, ${ITEM_COLUMN_LIST} from import_copy_rows order by n
        on conflict do nothing
        returning 1)
      select count(*)::int as created from inserted`);
    await client.query('truncate import_copy_rows');
    return Number(result.rows[0]?.created ?? 0);
  };

  return {
    /** Writes the chunks' rows (all of them, `rows` in all); returns how many items were created. */
    async write(chunks: Buffer[], rows: number): Promise<number> {
      if (rows === 0) return 0;
      await client.query('savepoint import_copy');
      try {
        await copy('items', chunks);
        await client.query('release savepoint import_copy');
        return rows;
      } catch (error) {
        if (getPgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
        await client.query('rollback to savepoint import_copy');
      }
      return insertSkippingDuplicates(chunks);
    },
  };
}
