'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/app/_components/alert';
import { FormNotice } from '@/app/_components/form-notice';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { PROJECT_ROLE_LABELS, PROJECT_ROLES, type TProjectRole } from '@/server/auth/roles';

type TInvite = RouterOutputs['admin']['invites'][number];

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

export function InvitesPanel({ invites, projects }: { invites: TInvite[]; projects: { id: number; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const createInvite = useFormMutation(trpc.admin.createInvite.mutationOptions(), { invalidates: 'page' });
  const revokeInvite = useMutation(trpc.admin.revokeInvite.mutationOptions());
  const [link, setLink] = useState<string | null>(null);

  const onSubmit = createInvite.handleSubmit(
    (form) => {
      const projectId = form.get('projectId') ? Number(form.get('projectId')) : undefined;
      const email = String(form.get('email') ?? '').trim();
      return {
        email: email || undefined,
        globalRole: form.get('globalRole') === 'manager' ? 'manager' : 'user',
        projectId,
        projectRole: projectId ? (form.get('projectRole') as TProjectRole) : undefined,
      };
    },
    { onSuccess: (invite) => setLink(`${window.location.origin}/invite/${invite.token}`) },
  );

  return (
    <section className="card space-y-4" aria-labelledby="invites-heading">
      <h2 id="invites-heading" className="font-semibold">
        Invite links
      </h2>
      <FormNotice notice={createInvite.notice} />
      {link ? (
        <Alert tone="success">
          Send this link; it works once and is shown only now:
          <input readOnly value={link} className="input mt-2 font-mono text-xs" aria-label="Invite link" onFocus={(event) => event.currentTarget.select()} />
        </Alert>
      ) : null}
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate>
        <label className="text-sm font-medium text-slate-800 sm:col-span-2">
          Restrict to e-mail (optional)
          <input name="email" type="email" className="input mt-1" autoComplete="off" />
        </label>
        <label className="text-sm font-medium text-slate-800">
          Project (optional)
          <select name="projectId" className="input mt-1" defaultValue="">
            <option value="">None</option>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium text-slate-800">
          Project role
          <select name="projectRole" className="input mt-1" defaultValue="annotator">
            {PROJECT_ROLES.map((role) => (
              <option key={role} value={role}>
                {PROJECT_ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium text-slate-800">
          Instance role
          <select name="globalRole" className="input mt-1" defaultValue="user">
            <option value="user">User</option>
            <option value="manager">Manager (may create projects)</option>
          </select>
        </label>
        <div className="flex items-end justify-end">
          <button type="submit" className="btn-primary" disabled={createInvite.isPending}>
            Create invite link
          </button>
        </div>
      </form>
      {invites.length > 0 ? (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Open invites">
          {invites.map((invite) => (
            <li key={invite.id} className="flex flex-wrap items-center gap-2 py-2">
              <span className="min-w-0 flex-1 truncate">
                {invite.email ?? 'Anyone with the link'}
                {invite.projectName && invite.projectRole ? ` · ${invite.projectName} (${PROJECT_ROLE_LABELS[invite.projectRole]})` : ''}
              </span>
              <span className="text-xs text-slate-600">until {dateFormat.format(invite.expiresAt)}</span>
              <button
                type="button"
                className="btn-danger py-1"
                onClick={async () => {
                  await revokeInvite.mutateAsync({ inviteId: invite.id }).catch(createInvite.reportError);
                  router.refresh();
                }}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
