'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/app/_components/alert';
import { FormField } from '@/app/_components/form-field';
import { authClient } from '@/app/_lib/auth-client';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { ZNewAccount } from '@/server/routers/account.schema';

type TMode = { kind: 'setup' } | { kind: 'invite'; token: string; email: string | null };

/** Creates an account (first admin, or through an invite) and signs it in. */
export function AccountForm({ mode, submitLabel }: { mode: TMode; submitLabel: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  const createFirstAdmin = useMutation(trpc.setup.createFirstAdmin.mutationOptions());
  const acceptInvite = useMutation(trpc.setup.acceptInvite.mutationOptions());
  const isPending = createFirstAdmin.isPending || acceptInvite.isPending;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = ZNewAccount.safeParse({ name: form.get('name'), email: form.get('email'), password: form.get('password') });
    if (!parsed.success) {
      const errors: Record<string, string | undefined> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    setError(null);
    try {
      if (mode.kind === 'setup') await createFirstAdmin.mutateAsync(parsed.data);
      else await acceptInvite.mutateAsync({ ...parsed.data, token: mode.token });
      const signedIn = await authClient.signIn.email({ email: parsed.data.email, password: parsed.data.password });
      if (signedIn.error) throw new Error('Account created; sign in with it now.');
      router.replace('/projects');
      router.refresh();
    } catch (caught) {
      setError(describeError(caught));
    }
  }

  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
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
      <FormField label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters." error={fieldErrors.password} />
      <button type="submit" className="btn-primary w-full" disabled={isPending}>
        {isPending ? 'Creating…' : submitLabel}
      </button>
    </form>
  );
}
