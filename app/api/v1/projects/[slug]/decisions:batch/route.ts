import { DECISION_BATCH_BODY_LIMIT, describeBatchResults } from '@/server/http/decision-responses';
import { handleProjectRoute } from '@/server/http/project-route';
import { readJsonBody } from '@/server/http/read-json-body';
import { createDecisions } from '@/server/services/decisions/create-decisions';
import { ZDecisionBatch } from '@/server/services/decisions/decision-request';

/**
 * POST `{cases: [...]}`, up to 1,000, each with its own optional idempotencyKey: written together,
 * answered in order, each result with the status a single request would get (a reused key is that
 * case's 409; the others still go through).
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return handleProjectRoute(
    request,
    slug,
    'decision.submit',
    async ({ db, actor, project }) => {
      const { cases } = await readJsonBody(request, DECISION_BATCH_BODY_LIMIT, ZDecisionBatch);
      return Response.json(describeBatchResults(await createDecisions(db, actor, project.id, cases)));
    },
    { bodyLimit: () => DECISION_BATCH_BODY_LIMIT },
  );
}
