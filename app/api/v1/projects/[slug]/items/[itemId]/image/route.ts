import { z } from 'zod';
import { buildImageEtag, buildImageHeaders, isNotModified } from '@/server/http/image-response';
import { errorResponse, handleProjectRoute } from '@/server/http/project-route';
import { ZBigIdParam } from '@/server/ids';
import { IMAGE_SIZES } from '@/server/services/media/image-sizes';
import { getMediaContext } from '@/server/services/media/media-context';
import { readItemImage } from '@/server/services/media/read-item-image';
import { parseSearchParams } from '@/server/http/import-request';

const ZImageQuery = z.object({ size: z.enum(IMAGE_SIZES).default('original') });

/**
 * GET an item's image to any member of its project: `?size=thumbnail` (256 px), `display` (1600 px)
 * or `original`. Someone outside the project gets the same 404 as for an item that does not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; itemId: string }> }) {
  const { slug, itemId } = await params;
  return handleProjectRoute(request, slug, 'project.view', async ({ db, project }) => {
    const id = ZBigIdParam.safeParse(itemId);
    if (!id.success) return errorResponse('BAD_REQUEST', 'The item id is a positive whole number');
    const query = parseSearchParams(ZImageQuery, request.url);
    if (!query.ok) return errorResponse('BAD_REQUEST', query.message);
    const { size } = query.data;
    const image = await readItemImage(db, getMediaContext(), project.id, id.data, size);
    const headers = buildImageHeaders(image, size);
    if (isNotModified(request, buildImageEtag(image.hash, size))) return new Response(null, { status: 304, headers });
    return new Response(new Uint8Array(image.bytes), { headers });
  });
}
