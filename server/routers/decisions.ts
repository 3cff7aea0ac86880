import { answerDecision } from '@/server/services/decisions/answer-decision';
import { getDecisionCase } from '@/server/services/decisions/get-decision-case';
import { listDecisionQueue } from '@/server/services/decisions/list-decision-queue';
import { loadDecisionPolicy } from '@/server/services/decisions/load-decision-policy';
import { setDecisionStop, updateDecisionPolicy } from '@/server/services/decisions/update-decision-policy';
import { projectProcedure, router } from '@/server/trpc/init';
import { ZAnswerDecisionInput, ZDecisionCaseInput, ZDecisionQueueInput, ZSetDecisionStopInput, ZUpdateDecisionPolicyInput } from './decisions.schema';

/** The reviewers' side of decision routing: the queue, one case, answers; and the policy with its stop switch. */
export const decisionsRouter = router({
  queue: projectProcedure('decision.review')
    .input(ZDecisionQueueInput)
    .query(({ ctx }) => listDecisionQueue(ctx.db, ctx.project.id, { userId: ctx.actor.userId, role: ctx.project.role })),
  case: projectProcedure('decision.review')
    .input(ZDecisionCaseInput)
    .query(({ ctx, input }) => getDecisionCase(ctx.db, ctx.project.id, { userId: ctx.actor.userId, role: ctx.project.role }, input.decisionId)),
  answer: projectProcedure('decision.review')
    .input(ZAnswerDecisionInput)
    .mutation(({ ctx, input: { projectId: _projectId, ...answer } }) => answerDecision(ctx.db, { actor: ctx.actor, role: ctx.project.role }, ctx.project.id, answer)),
  policy: projectProcedure('decision.view')
    .input(ZDecisionQueueInput)
    .query(({ ctx }) => loadDecisionPolicy(ctx.db, ctx.project.id)),
  updatePolicy: projectProcedure('decision.policy')
    .input(ZUpdateDecisionPolicyInput)
    .mutation(({ ctx, input }) => updateDecisionPolicy(ctx.db, ctx.actor, ctx.project.id, input.policy)),
  setStopped: projectProcedure('decision.policy')
    .input(ZSetDecisionStopInput)
    .mutation(({ ctx, input }) => setDecisionStop(ctx.db, ctx.actor, ctx.project.id, input.stopped)),
});
