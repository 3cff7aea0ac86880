'use client';

import { useRouter } from 'next/navigation';
import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { authClient } from '@/app/_lib/auth-client';
import { useFormMutation } from '@/app/_lib/use-form-mutation';

/** Signs in with better-auth (not a tRPC procedure); its refusal becomes one plain message. */
async function signIn(credentials: { email: string; password: string }): Promise<void> {
  const { error } = await authClient.signIn.email(credentials);
  if (error) throw new Error(error.status === 429 ? 'Too many sign-in attempts. Wait a minute and try again.' : 'Wrong e-mail or password.');
}

export function SignInForm() {
  const router = useRouter();
  const signInForm = useFormMutation({ mutationFn: signIn });
  const isPending = signInForm.isPending;
  const onSubmit = signInForm.handleSubmit((form) => ({ email: String(form.get('email')).trim(), password: String(form.get('password')) }), {
    onSuccess: () => {
      router.replace('/projects');
      router.refresh();
    },
  });

  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
      <FormNotice notice={signInForm.notice} />
      <FormField label="E-mail" name="email" type="email" autoComplete="username" required autoFocus />
      <FormField label="Password" name="password" type="password" autoComplete="current-password" required />
      <button type="submit" className="btn-primary w-full" disabled={isPending}>
        {isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
