'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/app/_components/alert';
import { FormField } from '@/app/_components/form-field';
import { describeError } from '@/app/_lib/error-message';
import { useTRPC } from '@/app/_lib/trpc';
import { GLOBAL_ROLE_LABELS, GLOBAL_ROLES, type TGlobalRole } from '@/server/auth/roles';

export function CreateUserForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const createUser = useMutation(trpc.admin.createUser.mutationOptions());
  const [status, setStatus] = useState<{ tone: 'error' | 'success'; message: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    try {
      const user = await createUser.mutateAsync({
        name: String(form.get('name')),
        email: String(form.get('email')),
        password: String(form.get('password')),
        globalRole: form.get('globalRole') as TGlobalRole,
      });
      formElement.reset();
      setStatus({ tone: 'success', message: `Created ${user.email}. Share the password with them privately.` });
      router.refresh();
    } catch (caught) {
      setStatus({ tone: 'error', message: describeError(caught) });
    }
  }

  return (
    <form onSubmit={onSubmit} className="card space-y-4" aria-labelledby="create-user-heading" noValidate>
      <h2 id="create-user-heading" className="font-semibold">
        Create a user
      </h2>
      {status ? <Alert tone={status.tone}>{status.message}</Alert> : null}
      <FormField label="Name" name="name" required />
      <FormField label="E-mail" name="email" type="email" required autoComplete="off" />
      <FormField label="Initial password" name="password" type="password" required autoComplete="new-password" hint="At least 8 characters." />
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
