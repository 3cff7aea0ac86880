import { toWebStream } from '@/server/export';
import { errorResponse, handleProjectRoute } from '@/server/http/project-route';
import { ZBigIdParam } from '@/server/ids';
import { openRejectedRowsFile } from '@/server/services/data/rejected-rows';

/** The rows an import refused, in the shape they came in, to fix and import again. Streamed. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; importId: string }> }) {
  const { slug, importId } = await params;
  return handleProjectRoute(request, slug, 'data.import', async ({ db, project }) => {
    const id = ZBigIdParam.safeParse(importId);
    if (!id.success) return errorResponse('BAD_REQUEST', 'The import id must be a positive whole number');
    const file = await openRejectedRowsFile(db, project.id, id.data);
    return new Response(toWebStream(file.body), {
      headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName}"`, 'cache-control': 'no-store' },
    });
  });
}
