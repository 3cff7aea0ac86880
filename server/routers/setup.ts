import { z } from 'zod';
import { countUsers, createFirstAdmin } from '@/server/services/accounts/accounts';
import { acceptInvite, describeInvite } from '@/server/services/accounts/invites';
import { publicProcedure, router } from '@/server/trpc/init';
import { ZAcceptInviteInput, ZNewAccount } from './account.schema';

/** The only procedures open to anonymous callers: first-run setup and invite links. */
export const setupRouter = router({
  status: publicProcedure.query(async ({ ctx }) => ({ needsSetup: (await countUsers(ctx.db)) === 0 })),
  createFirstAdmin: publicProcedure.input(ZNewAccount).mutation(async ({ ctx, input }) => {
    const user = await createFirstAdmin(ctx.db, ctx.auth, input);
    return { userId: user.id };
  }),
  describeInvite: publicProcedure.input(z.object({ token: z.string().max(200) })).query(({ ctx, input }) => describeInvite(ctx.db, input.token)),
  acceptInvite: publicProcedure.input(ZAcceptInviteInput).mutation(async ({ ctx, input }) => {
    const { token, ...account } = input;
    const user = await acceptInvite(ctx.db, ctx.auth, token, account);
    return { userId: user.id };
  }),
});
