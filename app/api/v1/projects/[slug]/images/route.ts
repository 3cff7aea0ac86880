import { z } from 'zod';
import { readBodyWithLimit } from '@/server/http/body-limit';
import { parseSearchParams } from '@/server/http/import-request';
import { errorResponse, handleProjectRoute } from '@/server/http/project-route';
import { addImageItem, MAX_FILE_NAME_CHARS } from '@/server/services/media/add-image-item';
import { getMediaContext } from '@/server/services/media/media-context';

const ZUploadQuery = z.object({
  fileName: z.string().min(1).max(MAX_FILE_NAME_CHARS * 4),
  label: z.string().min(1).max(200).optional(),
});

/**
 * POST one image as the body (`?fileName=cat.jpg&label=cat`): it becomes an item of this image
 * project, or the same item again when the image is already there (`isDuplicate`). One file per
 * request, so each file succeeds or fails on its own and a client shows progress file by file.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const media = getMediaContext();
  return handleProjectRoute(
    request,
    slug,
    'data.import',
    async ({ db, actor, project }) => {
      const query = parseSearchParams(ZUploadQuery, request.url);
      if (!query.ok) return errorResponse('BAD_REQUEST', query.message);
      const bytes = await readBodyWithLimit(request, media.limits.maxBytes);
      const added = await addImageItem(db, media, actor, project.id, { fileName: query.data.fileName, bytes, label: query.data.label ?? null });
      const { hash, width, height, contentType } = added.image;
      return Response.json({ itemId: added.itemId, isDuplicate: added.isDuplicate, image: { hash, width, height, contentType } }, { status: added.isDuplicate ? 200 : 201 });
    },
    { bodyLimit: () => media.limits.maxBytes },
  );
}
