import { getReviewerReliance } from '@/server/services/decisions/reviewer-reliance';
import { projectProcedure, router } from '@/server/trpc/init';
import { ZReviewerRelianceInput } from './decision-reviewers.schema';

/**
 * How the reviewers of decisions work: accuracy on hidden gold checks and reliance on the model's
 * suggestion. For the people who set the policy ('decision.policy': managers and data scientists),
 * never for reviewers, who must not read each other's scores or learn which cases were checks.
 */
export const decisionReviewersRouter = router({
  reliance: projectProcedure('decision.policy')
    .input(ZReviewerRelianceInput)
    .query(({ ctx, input }) => getReviewerReliance(ctx.db, ctx.project.id, { days: input.days })),
});
