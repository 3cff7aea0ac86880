import { z } from 'zod';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, toWebStream } from '@/server/export';
import { errorResponse, handleProjectRoute } from '@/server/http/project-route';
import { parseSearchParams } from '@/server/http/import-request';
import { assertExportFormat, countExportItems, EXPORT_STATUSES, streamProjectExport } from '@/server/services/data/export-project';

const ZExportQuery = z.object({ format: z.enum(EXPORT_FORMATS).default('jsonl'), status: z.enum(EXPORT_STATUSES).default('all') });
const EXTENSIONS = { jsonl: 'jsonl', csv: 'csv', 'label-studio': 'json', spacy: 'spacy.jsonl' } as const;

/** Streams the export; nothing is assembled in memory, so it works the same at a million items. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return handleProjectRoute(request, slug, 'data.export', async ({ db, project }) => {
    const query = parseSearchParams(ZExportQuery, request.url);
    if (!query.ok) return errorResponse('BAD_REQUEST', query.message);
    const { format, status } = query.data;
    await assertExportFormat(db, project.id, format);
    // The count lets a client show progress and a summary (the CLI does); items labeled meanwhile may add a few.
    const itemCount = await countExportItems(db, project.id, status);
    const body = toWebStream(streamProjectExport(db, project.id, { format, status }));
    const fileName = `${slug}-${status}.${EXTENSIONS[format]}`;
    return new Response(body, {
      headers: { 'content-type': EXPORT_CONTENT_TYPES[format], 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'no-store', 'x-quorum-item-count': String(itemCount) },
    });
  });
}
