import { z } from 'zod';
import { authorizeProjectAccessBySlug } from '@/server/auth/project-access';
import { PROJECT_ROLES } from '@/server/auth/roles';
import { ZBigId } from '@/server/ids';
import { listAuditEvents } from '@/server/services/audit/audit-events';
import { addMember, listMembers, removeMember, setMemberRole } from '@/server/services/projects/members';
import { getProjectOverview } from '@/server/services/projects/project-overview';
import { createProject, findProjectIdBySlug, getProject, listProjectsForActor, setProjectLabels, updateProject } from '@/server/services/projects/projects';
import { authedProcedure, projectCreatorProcedure, projectProcedure, router } from '@/server/trpc/init';
import { startOfUtcDay, ZCreateProjectInput, ZProjectOverviewInput, ZSetLabelsInput, ZUpdateProjectInput } from './project.schema';

export const projectRouter = router({
  list: authedProcedure.query(({ ctx }) => listProjectsForActor(ctx.db, ctx.actor)),
  create: projectCreatorProcedure.input(ZCreateProjectInput).mutation(({ ctx, input }) => createProject(ctx.db, ctx.actor, input)),
  get: projectProcedure('project.view').query(async ({ ctx }) => ({ ...(await getProject(ctx.db, ctx.project.id)), role: ctx.project.role })),
  /** The project behind a page's URL: the same answer and the same membership check as `get`. */
  bySlug: authedProcedure.input(z.object({ slug: z.string().max(64) })).query(async ({ ctx, input }) => {
    const projectId = await findProjectIdBySlug(ctx.db, input.slug);
    // As on the HTTP API: unknown and not-yours are the same 404, so slugs cannot be probed.
    const project = await authorizeProjectAccessBySlug(ctx.db, ctx.actor, projectId, 'project.view');
    return { ...(await getProject(ctx.db, project.id)), role: project.role };
  }),
  /** Where the project stands; what the caller's role may not see is left out by the service. */
  overview: projectProcedure('project.view')
    .input(ZProjectOverviewInput)
    .query(({ ctx, input }) => getProjectOverview(ctx.db, ctx.project.id, { userId: ctx.actor.userId, role: ctx.project.role }, { since: input.since ?? startOfUtcDay(new Date()) })),
  update: projectProcedure('project.manage')
    .input(ZUpdateProjectInput)
    .mutation(({ ctx, input }) => updateProject(ctx.db, ctx.actor, ctx.project.id, input)),
  setLabels: projectProcedure('project.manage')
    .input(ZSetLabelsInput)
    .mutation(({ ctx, input }) => setProjectLabels(ctx.db, ctx.actor, ctx.project.id, input.labels)),
  members: projectProcedure('project.manage').query(({ ctx }) => listMembers(ctx.db, ctx.project.id)),
  addMember: projectProcedure('project.manage')
    .input(z.object({ email: z.string().trim().min(3).max(254), role: z.enum(PROJECT_ROLES) }))
    .mutation(({ ctx, input }) => addMember(ctx.db, ctx.actor, ctx.project.id, input)),
  setMemberRole: projectProcedure('project.manage')
    .input(z.object({ userId: z.string().min(1), role: z.enum(PROJECT_ROLES) }))
    .mutation(({ ctx, input }) => setMemberRole(ctx.db, ctx.actor, ctx.project.id, input.userId, input.role)),
  removeMember: projectProcedure('project.manage')
    .input(z.object({ userId: z.string().min(1) }))
    .mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, ctx.project.id, input.userId)),
  auditLog: projectProcedure('project.manage')
    .input(z.object({ beforeId: ZBigId.optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listAuditEvents(ctx.db, ctx.project.id, input)),
});
