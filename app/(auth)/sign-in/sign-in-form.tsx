'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/app/_components/alert';
import { FormField } from '@/app/_components/form-field';
import { authClient } from '@/app/_lib/auth-client';

export function SignInForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsPending(true);
    setError(null);
    const { error: signInError } = await authClient.signIn.email({
      email: String(form.get('email')).trim(),
      password: String(form.get('password')),
    });
    setIsPending(false);
    if (signInError) {
      setError(signInError.status === 429 ? 'Too many sign-in attempts. Wait a minute and try again.' : 'Wrong e-mail or password.');
      return;
    }
    router.replace('/projects');
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <FormField label="E-mail" name="email" type="email" autoComplete="username" required autoFocus />
      <FormField label="Password" name="password" type="password" autoComplete="current-password" required />
      <button type="submit" className="btn-primary w-full" disabled={isPending}>
        {isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
