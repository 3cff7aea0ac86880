'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormField } from '@/app/_components/form-field';
import { FormNotice } from '@/app/_components/form-notice';
import { PasswordStrength } from '@/app/_components/password-strength';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { usePasswordVerdict } from '@/app/_lib/use-password-verdict';
import { MIN_PASSWORD_LENGTH, ZChangePasswordInput, type TChangePasswordInput } from '@/server/routers/account.schema';

type TField = 'currentPassword' | 'newPassword' | 'confirmPassword';

/** Current password, then the new one twice; Enter submits, and the first field in error takes the focus. */
export function ChangePasswordForm({ owner, isRequired }: { owner: { name: string; email: string }; isRequired: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [newPassword, setNewPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<TField, string>>>({});
  const verdict = usePasswordVerdict(newPassword, owner);
  const change = useFormMutation(trpc.me.changePassword.mutationOptions());

  function refuse(element: HTMLFormElement, errors: Partial<Record<TField, string>>): null {
    setFieldErrors(errors);
    const first = (['currentPassword', 'newPassword', 'confirmPassword'] as const).find((field) => errors[field]);
    if (first) (element.elements.namedItem(first) as HTMLInputElement | null)?.focus();
    return null;
  }

  const onSubmit = change.handleSubmit(
    (form, element): TChangePasswordInput | null => {
      const parsed = ZChangePasswordInput.safeParse({ currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') });
      const errors: Partial<Record<TField, string>> = {};
      for (const issue of parsed.error?.issues ?? []) errors[issue.path[0] as TField] ??= issue.message;
      if (!errors.newPassword && verdict && !verdict.isStrongEnough) errors.newPassword = `This password is too easy to guess. ${verdict.feedback ?? ''}`.trim();
      if (form.get('confirmPassword') !== form.get('newPassword')) errors.confirmPassword = 'The two new passwords are not the same';
      if (!parsed.success || Object.keys(errors).length > 0) return refuse(element, errors);
      setFieldErrors({});
      return parsed.data;
    },
    {
      resetsForm: true,
      success: ({ otherSessionsSignedOut }) =>
        `Password changed.${otherSessionsSignedOut > 0 ? ` Signed out ${otherSessionsSignedOut} other session${otherSessionsSignedOut === 1 ? '' : 's'}.` : ''}`,
      onSuccess: () => {
        setNewPassword('');
        if (isRequired) {
          router.replace('/projects');
          router.refresh();
        }
      },
    },
  );

  return (
    <form onSubmit={onSubmit} className="card max-w-md space-y-4" aria-labelledby="change-password-heading" noValidate>
      <h2 id="change-password-heading" className="font-semibold">
        Change your password
      </h2>
      <FormNotice notice={change.notice} />
      {/* Lets a password manager file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={owner.email} readOnly hidden />
      <FormField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required autoFocus error={fieldErrors.currentPassword} />
      <FormField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        onChange={(event) => setNewPassword(event.currentTarget.value)}
        hint={<PasswordStrength verdict={verdict} minLength={MIN_PASSWORD_LENGTH} />}
        error={fieldErrors.newPassword}
      />
      <FormField label="New password again" name="confirmPassword" type="password" autoComplete="new-password" required error={fieldErrors.confirmPassword} />
      <div className="flex justify-end">
        <button type="submit" className="btn-primary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
