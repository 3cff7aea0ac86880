'use client';

import { FormField } from '@/app/_components/form-field';
import { useState } from 'react';
import { FormNotice } from '@/app/_components/form-notice';
import { PasswordStrength } from '@/app/_components/password-strength';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { usePasswordVerdict } from '@/app/_lib/use-password-verdict';
import { GLOBAL_ROLE_LABELS, GLOBAL_ROLES, type TGlobalRole } from '@/server/auth/roles';
import { MIN_PASSWORD_LENGTH } from '@/server/routers/account.schema';

export function CreateUserForm() {
  const trpc = useTRPC();
  const createUser = useFormMutation(trpc.admin.createUser.mutationOptions(), { invalidates: 'page' });
  const [typed, setTyped] = useState({ name: '', email: '', password: '' });
  const verdict = usePasswordVerdict(typed.password, typed);
  const onSubmit = createUser.handleSubmit(
    (form) => ({
      name: String(form.get('name')),
      email: String(form.get('email')),
      password: String(form.get('password')),
      globalRole: form.get('globalRole') as TGlobalRole,
    }),
    {
      validate: () => (verdict && !verdict.isStrongEnough ? `Initial password: too easy to guess. ${verdict.feedback ?? ''}`.trim() : null),
      resetsForm: true,
      success: (user) => `Created ${user.email}. Share the password with them privately; they choose their own when they first sign in.`,
      onSuccess: () => setTyped({ name: '', email: '', password: '' }),
    },
  );

  return (
    <form
      onSubmit={onSubmit}
      onChange={(event) => {
        const form = new FormData(event.currentTarget);
        setTyped({ name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
      }}
      className="card space-y-4"
      aria-labelledby="create-user-heading"
      noValidate
    >
      <h2 id="create-user-heading" className="font-semibold">
        Create a user
      </h2>
      <FormNotice notice={createUser.notice} />
      <FormField label="Name" name="name" required />
      <FormField label="E-mail" name="email" type="email" required autoComplete="off" />
      <FormField
        label="Initial password"
        name="password"
        type="password"
        required
        autoComplete="new-password"
        hint={<PasswordStrength verdict={verdict} minLength={MIN_PASSWORD_LENGTH} />}
      />
      <label className="block text-sm font-medium text-slate-800">
        Instance role
        <select name="globalRole" className="input mt-1" defaultValue="user">
          {GLOBAL_ROLES.map((role) => (
            <option key={role} value={role}>
              {GLOBAL_ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </label>
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={createUser.isPending}>
          Create user
        </button>
      </div>
    </form>
  );
}
