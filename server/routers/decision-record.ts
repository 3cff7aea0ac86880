import { verifyDecisionLog } from '@/server/services/decisions/append-decision-log';
import { getDecisionWebhookSettings, rotateDecisionWebhookSecret, setDecisionWebhookUrl } from '@/server/services/decisions/decision-webhook-settings';
import { resendWebhookDelivery } from '@/server/services/decisions/deliver-webhooks';
import { getDecisionRecord } from '@/server/services/decisions/get-decision-record';
import { listDecisions } from '@/server/services/decisions/list-decisions';
import { getProject, updateProject } from '@/server/services/projects/projects';
import { projectProcedure, router } from '@/server/trpc/init';
import { ZDecisionListInput, ZDecisionRecordInput, ZResendDeliveryInput, ZSetRetentionInput, ZSetWebhookUrlInput } from './decision-record.schema';

/**
 * The record of decisions: anyone who sees decisions reads a decision's record and checks the log;
 * the receiver, its secret, retention and re-sends are the managers' ('decision.admin').
 */
export const decisionRecordRouter = router({
  get: projectProcedure('decision.view')
    .input(ZDecisionRecordInput)
    .query(({ ctx, input }) => getDecisionRecord(ctx.db, ctx.project.id, input.decisionId)),
  list: projectProcedure('decision.view')
    .input(ZDecisionListInput)
    .query(({ ctx, input }) => {
      const { projectId: _projectId, ...query } = input;
      return listDecisions(ctx.db, ctx.project.id, query);
    }),
  verifyLog: projectProcedure('decision.view').query(({ ctx }) => verifyDecisionLog(ctx.db, ctx.project.id)),
  settings: projectProcedure('decision.admin').query(async ({ ctx }) => {
    const [webhook, project] = await Promise.all([getDecisionWebhookSettings(ctx.db, ctx.project.id), getProject(ctx.db, ctx.project.id)]);
    return { webhook, retentionDays: project.settings.decisionRetentionDays };
  }),
  setWebhookUrl: projectProcedure('decision.admin')
    .input(ZSetWebhookUrlInput)
    .mutation(({ ctx, input }) => setDecisionWebhookUrl(ctx.db, ctx.actor, ctx.project.id, input.url)),
  rotateSecret: projectProcedure('decision.admin').mutation(({ ctx }) => rotateDecisionWebhookSecret(ctx.db, ctx.actor, ctx.project.id)),
  setRetention: projectProcedure('decision.admin')
    .input(ZSetRetentionInput)
    .mutation(async ({ ctx, input }) => {
      const project = await updateProject(ctx.db, ctx.actor, ctx.project.id, { settings: { decisionRetentionDays: input.days } });
      return { retentionDays: project.settings.decisionRetentionDays };
    }),
  resend: projectProcedure('decision.admin')
    .input(ZResendDeliveryInput)
    .mutation(({ ctx, input }) => resendWebhookDelivery(ctx.db, ctx.actor, ctx.project.id, input.deliveryId)),
});
