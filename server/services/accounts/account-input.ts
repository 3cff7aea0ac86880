import { z } from 'zod';
import { ZId } from '@/server/ids';
import { MIN_PASSWORD_LENGTH } from '@/server/auth/password-policy';
import { ZPersonName } from '@/server/auth/person-name';
import { GLOBAL_ROLES, PROJECT_ROLES } from '@/server/auth/roles';

export const ZEmail = z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address')).pipe(z.string().max(254));
export const ZPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Passwords are at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(128, 'Passwords are at most 128 characters');

export const ZNewAccount = z.object({ name: ZPersonName, email: ZEmail, password: ZPassword });
export type TNewAccount = z.infer<typeof ZNewAccount>;

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
