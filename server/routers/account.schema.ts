import { z } from 'zod';
import { ZNewAccount } from '@/server/services/accounts/account-input';
import { ZId } from '@/server/ids';

// Re-exported so client forms validate with the same definitions the services parse with.
export {
  ZChangePasswordInput,
  ZCreateInviteInput,
  ZCreateUserInput,
  ZNewAccount,
  type TChangePasswordInput,
  type TNewAccount,
} from '@/server/services/accounts/account-input';
// The password rule, so forms show the server's verdict live as the person types.
export { evaluatePassword, MIN_PASSWORD_LENGTH, type TPasswordVerdict } from '@/server/auth/password-policy';

export const ZAcceptInviteInput = ZNewAccount.extend({ token: z.string().min(10).max(200) });

export const ZCreateTokenInput = z.object({
  projectId: ZId,
  name: z.string().trim().min(1, 'Name the token').max(80),
  expiresInDays: z.number().int().min(1).max(365).nullable().default(90),
});
