import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '@/server/services/accounts/api-tokens';
import { changePassword } from '@/server/services/accounts/change-password';
import { identifiedProcedure, passwordChangeProcedure, router, sessionProcedure } from '@/server/trpc/init';
import { ZChangePasswordInput, ZCreateTokenInput } from './account.schema';

export const meRouter = router({
  // Open to a person who must change their password first: the page that asks for it shows who they are.
  get: identifiedProcedure.query(({ ctx }) => ({
    userId: ctx.actor.userId,
    name: ctx.actor.name,
    email: ctx.actor.email,
    globalRole: ctx.actor.globalRole,
    via: ctx.actor.via,
    mustChangePassword: ctx.session?.mustChangePassword ?? false,
  })),
  changePassword: passwordChangeProcedure
    .input(ZChangePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.auth, ctx.actor, ctx.session.id, input)),
  tokens: sessionProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.actor.userId)),
  createToken: sessionProcedure.input(ZCreateTokenInput).mutation(({ ctx, input }) => createApiToken(ctx.db, ctx.actor, input)),
  revokeToken: sessionProcedure.input(z.object({ tokenId: z.uuid() })).mutation(({ ctx, input }) => revokeApiToken(ctx.db, ctx.actor, input.tokenId)),
});
