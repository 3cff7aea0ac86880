import { errorResponse, handleProjectRoute } from '@/server/http/project-route';
import { ZIdParam } from '@/server/ids';
import { buildModelFiles, MODEL_FILES, type TModelFile } from '@/server/services/learning/model-versions';

const CONTENT_TYPES: Record<TModelFile, string> = { 'model.json': 'application/json', 'weights.bin': 'application/octet-stream' };

/**
 * A model version as a tfjs model directory: GET …/models/3/model.json and …/models/3/weights.bin.
 * `tf.loadLayersModel('<this url>/model.json')` loads it directly (it fetches weights.bin
 * beside it); model.json's userDefinedMetadata carries the featurizer and class names.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; version: string; file: string }> }) {
  const { slug, version, file } = await params;
  return handleProjectRoute(request, slug, 'data.export', async ({ db, project }) => {
    const parsed = ZIdParam.safeParse(version);
    if (!parsed.success) return errorResponse('BAD_REQUEST', 'The version is a positive whole number');
    const versionNumber = parsed.data;
    if (!(MODEL_FILES as readonly string[]).includes(file)) return errorResponse('NOT_FOUND', `A model has the files ${MODEL_FILES.join(' and ')}`);
    const files = await buildModelFiles(db, project.id, versionNumber);
    const body = files.get(file as TModelFile)!;
    return new Response(new Uint8Array(body), {
      headers: {
        'content-type': CONTENT_TYPES[file as TModelFile],
        'content-disposition': `attachment; filename="${slug}-v${versionNumber}-${file}"`,
        'cache-control': 'no-store',
      },
    });
  });
}
