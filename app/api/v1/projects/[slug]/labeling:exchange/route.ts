import { handleProjectRoute } from '@/server/http/project-route';
import { readJsonBody } from '@/server/http/read-json-body';
import { exchangeLabelBatch } from '@/server/services/queue/label-batch';
import { ZLabelBatchInput } from '@/server/services/queue/label-batch-schema';

/**
 * POST `{answers, holdItemIds, want}`: the batched labeling path (the labeling screen's, and any
 * client's that labels in bulk). Stores the answers given since the last exchange and leases up to
 * `want` more tasks, in one request, so the cost of a request is shared by several labels. A plain
 * route rather than a tRPC procedure: the same auth and services, without the envelope, on the path
 * every label takes.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return handleProjectRoute(request, slug, 'label.submit', async ({ db, actor, project, bodyLimits }) => {
    const input = await readJsonBody(request, bodyLimits.json, ZLabelBatchInput);
    return Response.json(await exchangeLabelBatch(db, actor, { projectId: project.id, ...input }));
  });
}
