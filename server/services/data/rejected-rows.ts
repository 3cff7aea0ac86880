import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { importRejectedRows, imports } from '@/db/schema';
import { createByteStream } from '@/server/export/byte-stream';
import { formatRejectedRows, getRejectedRowsFileType, IMPORT_FORMATS, type TImportFormat, type TRejectedRow } from '@/server/import';
import { AppError } from '@/server/errors';

const PAGE_ROWS = 500;
const NUL = /\u0000/g;

/**
 * Stores refused rows of an import run. A row met again (a later stage found another problem with
 * it) gets the new problem appended.
 */
export async function storeRejectedRows(db: Database, importId: number, rows: readonly TRejectedRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += PAGE_ROWS) {
    const page = rows.slice(start, start + PAGE_ROWS);
    await db
      .insert(importRejectedRows)
      .values(
        page.map(({ row, record, problem }) => ({
          importId,
          rowNumber: row,
          // Text columns refuse NUL too; the row's own NULs survive escaped inside its JSON.
          problem: problem.replace(NUL, '\\u0000'),
          recordJson: record === undefined ? null : JSON.stringify(record),
        })),
      )
      .onConflictDoUpdate({
        target: [importRejectedRows.importId, importRejectedRows.rowNumber],
        set: {
          problem: sql`${importRejectedRows.problem} || '; ' || excluded.problem`,
          recordJson: sql`coalesce(${importRejectedRows.recordJson}, excluded.record_json)`,
        },
      });
  }
}

async function* readRejectedRowPages(db: Database, importId: number): AsyncGenerator<TRejectedRow[]> {
  let after = -2_147_483_648; // the smallest integer the column holds
  for (;;) {
    const rows = await db
      .select()
      .from(importRejectedRows)
      .where(and(eq(importRejectedRows.importId, importId), gt(importRejectedRows.rowNumber, after)))
      .orderBy(asc(importRejectedRows.rowNumber))
      .limit(PAGE_ROWS);
    if (rows.length === 0) return;
    yield rows.map((row) => ({ row: row.rowNumber, problem: row.problem, record: row.recordJson === null ? undefined : (JSON.parse(row.recordJson) as unknown) }));
    after = rows.at(-1)!.rowNumber;
  }
}

export type TRejectedRowsDownload = { fileName: string; contentType: string; body: ReturnType<typeof createByteStream> };

/** An import run's refused rows as a file, streamed; NOT_FOUND unless the run belongs to the project. */
export async function openRejectedRowsFile(db: Database, projectId: number, importId: number): Promise<TRejectedRowsDownload> {
  const [run] = await db
    .select({ format: imports.format })
    .from(imports)
    .where(and(eq(imports.id, importId), eq(imports.projectId, projectId)));
  if (!run) throw new AppError('NOT_FOUND', 'No such import in this project');
  const format = (IMPORT_FORMATS as readonly string[]).includes(run.format) ? (run.format as TImportFormat) : null;
  const type = getRejectedRowsFileType(format);
  return {
    fileName: `rejected-rows-${importId}.${type.extension}`,
    contentType: type.contentType,
    body: createByteStream(formatRejectedRows(readRejectedRowPages(db, importId), format)),
  };
}
