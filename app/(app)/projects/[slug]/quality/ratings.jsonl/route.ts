import { createByteStream, toWebStream } from '@/server/export/byte-stream';
import { handleProjectRoute } from '@/server/http/project-route';
import { generateRatingsJsonl } from '@/server/services/quality/ratings-export';

/**
 * The ratings behind the quality report, for `npx quorum agreement`: same role check as the report
 * (quality.view), so annotators cannot read each other's labels through it.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return handleProjectRoute(request, slug, 'quality.view', async ({ db, project }) => {
    const lines = generateRatingsJsonl(db, project.id);
    // Read the first chunk before answering, so "no report yet" is a 404 and not a broken download.
    const first = await lines.next();
    async function* all(): AsyncGenerator<string> {
      if (!first.done) yield first.value;
      yield* lines;
    }
    return new Response(toWebStream(createByteStream(all())), {
      headers: {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="${slug}-ratings.jsonl"`,
        'cache-control': 'no-store',
      },
    });
  });
}
