import { z } from 'zod';
import { toWebStream } from '@/server/export';
import { DECISION_EXPORT_FORMATS } from '@/server/export/write-decision-records';
import { errorResponse, handleProjectRoute } from '@/server/http/project-route';
import { parseSearchParams } from '@/server/http/import-request';
import { streamDecisionExport, ZDecisionExportFilter } from '@/server/services/decisions/export-decisions';

const ZExportQuery = ZDecisionExportFilter.extend({ format: z.enum(DECISION_EXPORT_FORMATS).default('jsonl') });
const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;

/**
 * Every decision of the project with its whole record, streamed. A manager's ('decision.admin'):
 * it hands over every case's input and payload at once, more than reading cases one by one.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return handleProjectRoute(request, slug, 'decision.admin', async ({ db, project }) => {
    const query = parseSearchParams(ZExportQuery, request.url);
    if (!query.ok) return errorResponse('BAD_REQUEST', query.message);
    const { format, ...filter } = query.data;
    const body = toWebStream(streamDecisionExport(db, project.id, format, filter));
    return new Response(body, {
      headers: { 'content-type': CONTENT_TYPES[format], 'content-disposition': `attachment; filename="${slug}-decisions.${format}"`, 'cache-control': 'no-store' },
    });
  });
}
