import { errorResponse, handleProjectRoute } from '@/server/http/project-route';
import { runSimulatedLabeling, ZSimulatedLabelingInput } from '@/server/services/quality/run-simulated-labeling';

/**
 * POST `{annotators, accuracy, items, seed, days, leadTimeMs, refresh}` (all optional): simulated
 * annotators label the project through the real queue, as `quorum simulate-labeling --url` asks.
 * It adds accounts and labels to the project, so it takes a manager's token; answers when done.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return handleProjectRoute(request, slug, 'project.manage', async ({ db, project }) => {
    const body: unknown = await request.json().catch(() => undefined);
    const input = ZSimulatedLabelingInput.safeParse(body ?? {});
    if (!input.success) return errorResponse('BAD_REQUEST', input.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
    return Response.json(await runSimulatedLabeling(db, project.id, input.data));
  });
}
