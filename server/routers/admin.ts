import { z } from 'zod';
import { GLOBAL_ROLES } from '@/server/auth/roles';
import { createAccount, listUsers, setGlobalRole, setUserDisabled } from '@/server/services/accounts/accounts';
import { createInvite, listOpenInvites, revokeInvite } from '@/server/services/accounts/invites';
import { adminProcedure, router } from '@/server/trpc/init';
import { ZCreateInviteInput, ZCreateUserInput } from './account.schema';

export const adminRouter = router({
  users: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),
  createUser: adminProcedure.input(ZCreateUserInput).mutation(({ ctx, input }) => createAccount(ctx.db, ctx.auth, ctx.actor, input)),
  setGlobalRole: adminProcedure
    .input(z.object({ userId: z.string().min(1), role: z.enum(GLOBAL_ROLES) }))
    .mutation(({ ctx, input }) => setGlobalRole(ctx.db, ctx.actor, input.userId, input.role)),
  setUserDisabled: adminProcedure
    .input(z.object({ userId: z.string().min(1), disabled: z.boolean() }))
    .mutation(({ ctx, input }) => setUserDisabled(ctx.db, ctx.actor, input.userId, input.disabled)),
  invites: adminProcedure.query(({ ctx }) => listOpenInvites(ctx.db)),
  createInvite: adminProcedure.input(ZCreateInviteInput).mutation(({ ctx, input }) => createInvite(ctx.db, ctx.actor, input)),
  revokeInvite: adminProcedure.input(z.object({ inviteId: z.uuid() })).mutation(({ ctx, input }) => revokeInvite(ctx.db, ctx.actor, input.inviteId)),
});
