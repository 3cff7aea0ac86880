import { loadQualityReport, requestQualityRefresh } from '@/server/services/quality/report';
import { projectProcedure, router } from '@/server/trpc/init';
import { ZQualityRefreshInput, ZQualityReportInput } from './quality.schema';

/** The manager's quality report: reviewers, data scientists, managers and admins; never annotators. */
export const qualityRouter = router({
  // Recomputes first when the report is behind and the project small enough; see loadQualityReport.
  report: projectProcedure('quality.view')
    .input(ZQualityReportInput)
    .query(({ ctx }) => loadQualityReport(ctx.db, ctx.project.id)),
  refresh: projectProcedure('quality.view')
    .input(ZQualityRefreshInput)
    .mutation(({ ctx }) => requestQualityRefresh(ctx.db, ctx.project.id)),
});
