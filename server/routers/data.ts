import { z } from 'zod';
import { listImports } from '@/server/services/data/import-items';
import { projectProcedure, router } from '@/server/trpc/init';

export const dataRouter = router({
  imports: projectProcedure('data.import')
    .input(z.object({ limit: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => listImports(ctx.db, ctx.project.id, input.limit)),
});
