import { getMonitorStatus } from '@/server/services/oversight/get-monitor-status';
import { getOversightDashboard } from '@/server/services/oversight/get-oversight-dashboard';
import { resetMonitor } from '@/server/services/oversight/reset-monitor';
import { projectProcedure, router } from '@/server/trpc/init';
import { ZMonitorStatusInput, ZOversightDashboardInput, ZResetMonitorInput } from './oversight.schema';

/** Human-on-the-loop oversight (issue 15): the production monitor, its reset, and the dashboard. */
export const oversightRouter = router({
  status: projectProcedure('decision.view')
    .input(ZMonitorStatusInput)
    .query(({ ctx }) => getMonitorStatus(ctx.db, ctx.project.id)),
  dashboard: projectProcedure('decision.view')
    .input(ZOversightDashboardInput)
    .query(({ ctx, input }) => getOversightDashboard(ctx.db, ctx.project.id, { days: input.days })),
  reset: projectProcedure('decision.policy')
    .input(ZResetMonitorInput)
    .mutation(({ ctx, input }) => resetMonitor(ctx.db, ctx.actor, ctx.project.id, input.reason)),
});
