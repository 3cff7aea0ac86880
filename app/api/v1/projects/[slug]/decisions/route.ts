import { createdDecisionResponse, readIdempotencyKey } from '@/server/http/decision-responses';
import { handleProjectRoute } from '@/server/http/project-route';
import { readJsonBody, readQuery } from '@/server/http/read-json-body';
import { createDecision } from '@/server/services/decisions/create-decisions';
import { ZDecisionCase, ZDecisionListQuery } from '@/server/services/decisions/decision-request';
import { listDecisions } from '@/server/services/decisions/list-decisions';

type TParams = { params: Promise<{ slug: string }> };

/** POST one case (`Idempotency-Key` header for safe retries): 201 with the decision, 200 for a retry's earlier one. */
export async function POST(request: Request, { params }: TParams) {
  const { slug } = await params;
  return handleProjectRoute(request, slug, 'decision.submit', async ({ db, actor, project, bodyLimits }) => {
    const entry = await readJsonBody(request, bodyLimits.json, ZDecisionCase);
    const idempotencyKey = readIdempotencyKey(request, entry.idempotencyKey);
    return createdDecisionResponse(await createDecision(db, actor, project.id, { ...entry, idempotencyKey }));
  });
}

/** GET the project's decisions, newest first: `status`, `route`, `since`, `until`, `limit` (≤ 500), `cursor`. */
export async function GET(request: Request, { params }: TParams) {
  const { slug } = await params;
  return handleProjectRoute(request, slug, 'decision.view', async ({ db, project }) => Response.json(await listDecisions(db, project.id, readQuery(request, ZDecisionListQuery))));
}
