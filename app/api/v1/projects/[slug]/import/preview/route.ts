import { z } from 'zod';
import { previewImport, ZImportFormat } from '@/server/import';
import { readBodyWithLimit } from '@/server/http/body-limit';
import { errorResponse, handleProjectRoute } from '@/server/http/project-route';
import { parseSearchParams } from '@/server/http/import-request';
import { getProject } from '@/server/services/projects/projects';

// The browser sends only the first bytes of the file: enough for the preview, never the whole file.
const MAX_PREVIEW_BYTES = 1024 * 1024;

const ZPreviewQuery = z.object({ format: ZImportFormat.optional(), fileName: z.string().max(500).optional() });

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return handleProjectRoute(
    request,
    slug,
    'data.import',
    async ({ db, project }) => {
      const query = parseSearchParams(ZPreviewQuery, request.url);
      if (!query.ok) return errorResponse('BAD_REQUEST', query.message);
      // Read at most the limit: a larger body is refused (413) without being read to the end.
      const bytes = await readBodyWithLimit(request, MAX_PREVIEW_BYTES);
      // A spans project recognises spaCy files (their offsets count code points).
      const { taskType } = await getProject(db, project.id);
      const preview = await previewImport(bytes, { format: query.data.format, fileName: query.data.fileName, limit: 20, isSpans: taskType === 'spans' });
      return Response.json(preview);
    },
    { bodyLimit: () => MAX_PREVIEW_BYTES },
  );
}
