import { z } from 'zod';
import { ZId } from '@/server/ids';
import { MAX_PASSWORD_LENGTH, ZPassword } from '@/server/auth/password-policy';
import { ZPersonName } from '@/server/auth/person-name';
import { GLOBAL_ROLES, PROJECT_ROLES } from '@/server/auth/roles';

export const ZEmail = z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address')).pipe(z.string().max(254));

export const ZNewAccount = z.object({ name: ZPersonName, email: ZEmail, password: ZPassword });
export type TNewAccount = z.infer<typeof ZNewAccount>;

/** Strength is checked by the service, which knows whose password it is (see assertAcceptablePassword). */
export const ZChangePasswordInput = z
  .object({ currentPassword: z.string().min(1, 'Enter your current password').max(MAX_PASSWORD_LENGTH), newPassword: ZPassword })
  .refine((input) => input.newPassword !== input.currentPassword, { message: 'Choose a password other than the current one', path: ['newPassword'] });
export type TChangePasswordInput = z.input<typeof ZChangePasswordInput>;

export const ZCreateUserInput = ZNewAccount.extend({ globalRole: z.enum(GLOBAL_ROLES).default('user') });
export type TCreateUserInput = z.input<typeof ZCreateUserInput>;

export const ZCreateInviteInput = z
  .object({
    email: ZEmail.optional(),
    globalRole: z.enum(['manager', 'user']).default('user'),
    projectId: ZId.optional(),
    projectRole: z.enum(PROJECT_ROLES).optional(),
    expiresInDays: z.number().int().min(1).max(30).default(7),
  })
  .refine((input) => (input.projectId === undefined) === (input.projectRole === undefined), {
    message: 'Choose both a project and a role, or neither',
    path: ['projectRole'],
  });
export type TCreateInviteInput = z.input<typeof ZCreateInviteInput>;
