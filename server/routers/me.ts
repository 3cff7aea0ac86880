import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '@/server/services/accounts/api-tokens';
import { authedProcedure, router, sessionProcedure } from '@/server/trpc/init';
import { ZCreateTokenInput } from './account.schema';

export const meRouter = router({
  get: authedProcedure.query(({ ctx }) => ({
    userId: ctx.actor.userId,
    name: ctx.actor.name,
    email: ctx.actor.email,
    globalRole: ctx.actor.globalRole,
    via: ctx.actor.via,
  })),
  tokens: sessionProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.actor.userId)),
  createToken: sessionProcedure.input(ZCreateTokenInput).mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.actor, input)),
  revokeToken: sessionProcedure.input(z.object({ tokenId: z.uuid() })).mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.actor, input.tokenId)),
});
