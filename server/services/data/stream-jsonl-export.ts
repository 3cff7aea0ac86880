import { Readable } from 'node:stream';
import type { Database } from '@/db/client';
import { formatJsonlLines } from '@/server/export';
import { buildImageUrlPrefix, readLabelNames, type TLabelNames } from './export-answer-names';
import type { TExportStatus } from './export-status';
import { readExportPageJson, readProjectSlug } from './read-export-page-json';
import { readExportPageJsonl, type TJsonlPage } from './read-export-page-jsonl';

/**
 * The JSON Lines export on the embedded database, a page at a time as the database writes it (see
 * readExportPageJsonl); a page it cannot write is read and written the general way. After one such
 * page the rest of the export goes the general way too: a project's items are alike (its task type
 * and import decide their values), and reading a page both ways costs both.
 */
export function streamJsonlExport(db: Database, projectId: number, status: TExportStatus, pageSize: number, onItems?: (count: number) => void): Readable {
  return Readable.from(readJsonlPages(db, projectId, status, pageSize, onItems), { objectMode: false });
}

async function* readJsonlPages(db: Database, projectId: number, status: TExportStatus, pageSize: number, onItems?: (count: number) => void): AsyncGenerator<Buffer> {
  const imageUrlPrefix = buildImageUrlPrefix(await readProjectSlug(db, projectId));
  let names: TLabelNames | null = null;
  let isDatabaseWritten = true;
  let count = 0;
  for (let afterId = 0; ; ) {
    let page: TJsonlPage | null = isDatabaseWritten ? await readExportPageJsonl(db, projectId, status, afterId, imageUrlPrefix, pageSize) : null;
    if (page === null || (page.lines === null && page.count > 0)) {
      isDatabaseWritten = false;
      names ??= await readLabelNames(db, projectId);
      const general = await readExportPageJson(db, projectId, status, afterId, names, pageSize);
      page = { lines: Buffer.from(formatJsonlLines(general.items)), count: general.items.length, lastId: general.lastId };
    }
    if (page.lines && page.count > 0) {
      count += page.count;
      onItems?.(count);
      yield page.lines;
    }
    if (page.count < pageSize) return;
    afterId = page.lastId;
  }
}
