import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { exportItems, type TExportFormat, type TExportItem } from '@/server/export';
import { AppError } from '@/server/errors';
import { getProject } from '@/server/services/projects/projects';
import { readLabelNames } from './export-answer-names';
import { STATUS_FILTERS, type TExportStatus } from './export-status';
import { isPooledDatabase } from './is-pooled-database';
import { readExportPageJson } from './read-export-page-json';
import { readExportPageRows } from './read-export-page-rows';
import { streamJsonlExport } from './stream-jsonl-export';

export { EXPORT_STATUSES, type TExportStatus } from './export-status';

const BATCH_SIZE = 2_000;

/**
 * The export as a byte stream: items are read in id order, a batch at a time, never all at once.
 * `onItems` hears the running count of items handed to the writer (a progress bar, a summary).
 */
export function streamProjectExport(
  db: Database,
  projectId: number,
  options: { format: TExportFormat; status: TExportStatus; onItems?: (count: number) => void },
): Readable {
  // The embedded database writes JSON Lines pages itself: see readExportPageJsonl.
  if (options.format === 'jsonl' && !isPooledDatabase(db)) return streamJsonlExport(db, projectId, options.status, BATCH_SIZE, options.onItems);
  const pages = readExportPages(db, projectId, options.status);
  return exportItems(options.onItems ? countPages(pages, options.onItems) : pages, options.format);
}

/** spaCy JSONL carries spans: only spans projects export it. Call before streaming (a stream cannot answer with an error). */
export async function assertExportFormat(db: Database, projectId: number, format: TExportFormat): Promise<void> {
  if (format !== 'spacy') return;
  const { taskType } = await getProject(db, projectId);
  if (taskType !== 'spans') throw new AppError('BAD_REQUEST', 'spaCy JSONL carries spans, and this project does not label spans: choose jsonl, csv or label-studio');
}

async function* countPages(pages: AsyncGenerator<TExportItem[]>, onItems: (count: number) => void): AsyncGenerator<TExportItem[]> {
  let count = 0;
  for await (const page of pages) {
    count += page.length;
    onItems(count);
    yield page;
  }
}

/** How many items an export with this status filter holds, before it is written (the HTTP API sends it as a header). */
export async function countExportItems(db: Database, projectId: number, status: TExportStatus): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from items i where i.project_id = ${projectId} and ${STATUS_FILTERS[status]}`);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Every item with its annotations (rejected ones excluded: a reviewer overruled them), final label
 * and how it was decided, gold label, and the latest model prediction, a page at a time.
 */
export async function* readExportPages(db: Database, projectId: number, status: TExportStatus): AsyncGenerator<TExportItem[]> {
  const names = await readLabelNames(db, projectId);
  // Each database read the cheaper way for it (see the two readers).
  const readPage = isPooledDatabase(db) ? readExportPageRows : readExportPageJson;
  // The next page is read while this one is written out.
  let nextPage = readPage(db, projectId, status, 0, names, BATCH_SIZE);
  for (;;) {
    const page = await nextPage;
    if (page.items.length === BATCH_SIZE) {
      nextPage = readPage(db, projectId, status, page.lastId, names, BATCH_SIZE);
      // If the reader stops early, a failed read-ahead must not surface as an unhandled rejection.
      nextPage.catch(() => undefined);
    }
    if (page.items.length > 0) yield page.items;
    if (page.items.length < BATCH_SIZE) return;
  }
}

