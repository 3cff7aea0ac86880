import { limitBodyStream } from '@/server/http/body-limit';
import { describeErrorForClient, errorResponse, handleProjectRoute } from '@/server/http/project-route';
import { parseSearchParams, ZImportQuery } from '@/server/http/import-request';
import type { TImportProgress, TImportResult } from '@/server/import/import-report';
import { importItems } from '@/server/services/data/import-items';

const PROGRESS_INTERVAL_MS = 250;

/**
 * POST the file as the body; options in the query. Answers with the import report as JSON (422
 * when nothing was imported), or, with `Accept: application/x-ndjson`, a line of progress every
 * quarter second followed by the report.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return handleProjectRoute(
    request,
    slug,
    'data.import',
    async ({ db, actor, project, bodyLimits }) => {
      const query = parseSearchParams(ZImportQuery, request.url);
      if (!query.ok) return errorResponse('BAD_REQUEST', query.message);
      if (!request.body) return errorResponse('BAD_REQUEST', 'Send the file as the request body');
      // Streamed straight into the import; a body past the limit stops it (nothing is written) with 413.
      const body = limitBodyStream(request.body, bodyLimits.import);
      const run = (onProgress?: (progress: TImportProgress) => void) => importItems(db, actor, project.id, body, { ...query.data, onProgress });
      const status = (result: TImportResult) => (result.status === 'succeeded' ? 200 : 422);

      if (!request.headers.get('accept')?.includes('application/x-ndjson')) {
        const result = await run();
        return Response.json(result, { status: status(result) });
      }
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          const send = (event: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
          let lastSent = 0;
          try {
            const result = await run((progress) => {
              if (Date.now() - lastSent < PROGRESS_INTERVAL_MS) return;
              lastSent = Date.now();
              send({ type: 'progress', ...progress });
            });
            send({ type: 'result', ...result });
          } catch (error) {
            send({ type: 'error', message: describeErrorForClient(error) });
          }
          controller.close();
        },
      });
      return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
    },
    { bodyLimit: (limits) => limits.import },
  );
}
