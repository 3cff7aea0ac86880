import { handleProjectRoute } from '@/server/http/project-route';
import { readQuery } from '@/server/http/read-json-body';
import { ZDecisionWaitQuery } from '@/server/services/decisions/decision-request';
import { getDecision } from '@/server/services/decisions/get-decision';

/** GET one decision; `?wait=N` (≤ 30 s) holds a pending one until it is settled or the time is up. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  return handleProjectRoute(request, slug, 'decision.view', async ({ db, project }) => {
    const { wait } = readQuery(request, ZDecisionWaitQuery);
    return Response.json(await getDecision(db, project.id, id, { waitSeconds: wait, signal: request.signal }));
  });
}
