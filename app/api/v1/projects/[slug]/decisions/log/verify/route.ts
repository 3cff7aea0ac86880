import { handleProjectRoute } from '@/server/http/project-route';
import { verifyDecisionLog } from '@/server/services/decisions/append-decision-log';

/** Re-hashes the project's decision log and answers the verdict (`quorum audit verify --url`). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return handleProjectRoute(request, slug, 'decision.view', async ({ db, project }) => Response.json(await verifyDecisionLog(db, project.id)));
}
