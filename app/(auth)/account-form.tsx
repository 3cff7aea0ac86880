'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { PasswordStrength } from '@/app/_components/password-strength';
import { authClient } from '@/app/_lib/auth-client';
import { useTRPCClient } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { usePasswordVerdict } from '@/app/_lib/use-password-verdict';
import { MIN_PASSWORD_LENGTH, ZNewAccount, type TNewAccount } from '@/server/routers/account.schema';

type TMode = { kind: 'setup' } | { kind: 'invite'; token: string; email: string | null };

/** Creates an account (first admin, or through an invite) and signs it in. */
export function AccountForm({ mode, submitLabel }: { mode: TMode; submitLabel: string }) {
  const client = useTRPCClient();
  const router = useRouter();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  const [typed, setTyped] = useState({ name: '', email: mode.kind === 'invite' ? (mode.email ?? '') : '', password: '' });
  const verdict = usePasswordVerdict(typed.password, typed);
  // The first admin, or an account through an invite: one form, so one mutation with the door chosen by the mode.
  const createAccount = useFormMutation({
    mutationFn: (account: TNewAccount) => (mode.kind === 'setup' ? client.setup.createFirstAdmin.mutate(account) : client.setup.acceptInvite.mutate({ ...account, token: mode.token })),
  });

  const onSubmit = createAccount.handleSubmit(
    (form) => {
      const parsed = ZNewAccount.safeParse({ name: form.get('name'), email: form.get('email'), password: form.get('password') });
      if (!parsed.success) {
        const errors: Record<string, string | undefined> = {};
        for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
        setFieldErrors(errors);
        return null;
      }
      if (verdict && !verdict.isStrongEnough) {
        setFieldErrors({ password: `This password is too easy to guess. ${verdict.feedback ?? ''}`.trim() });
        return null;
      }
      setFieldErrors({});
      return parsed.data;
    },
    {
      onSuccess: async (_, account) => {
        const signedIn = await authClient.signIn.email({ email: account.email, password: account.password });
        if (signedIn.error) throw new Error('Account created; sign in with it now.');
        router.replace('/projects');
        router.refresh();
      },
    },
  );
  const isPending = createAccount.isPending;

  return (
    <form
      onSubmit={onSubmit}
      onChange={(event) => {
        const form = new FormData(event.currentTarget);
        setTyped({ name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
      }}
      className="mt-4 space-y-4"
      noValidate
    >
      <FormNotice notice={createAccount.notice} />
      <FormField label="Name" name="name" autoComplete="name" required error={fieldErrors.name} />
      <FormField
        label="E-mail"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={mode.kind === 'invite' ? (mode.email ?? '') : ''}
        readOnly={mode.kind === 'invite' && mode.email !== null}
        error={fieldErrors.email}
      />
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={<PasswordStrength verdict={verdict} minLength={MIN_PASSWORD_LENGTH} />}
        error={fieldErrors.password}
      />
      <button type="submit" className="btn-primary w-full" disabled={isPending}>
        {isPending ? 'Creating…' : submitLabel}
      </button>
    </form>
  );
}
