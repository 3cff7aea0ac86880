'use client';

import { useMutation } from '@tanstack/react-query';
import { FormNotice } from '@/app/_components/form-notice';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { PROJECT_ROLE_LABELS, PROJECT_ROLES, type TProjectRole } from '@/server/auth/roles';

type TMember = RouterOutputs['project']['members'][number];

export function MembersManager({ projectId, members, currentUserId }: { projectId: number; members: TMember[]; currentUserId: string }) {
  const trpc = useTRPC();
  // One notice for the panel: adding, changing a role and removing all report through it.
  const addMember = useFormMutation(trpc.project.addMember.mutationOptions(), { invalidates: 'page' });
  const setRole = useMutation(trpc.project.setMemberRole.mutationOptions());
  const removeMember = useMutation(trpc.project.removeMember.mutationOptions());
  const run = (action: () => Promise<unknown>, success: string) => addMember.run(action, { success });

  const onAdd = addMember.handleSubmit((form) => ({ projectId, email: String(form.get('email')).trim(), role: form.get('role') as TProjectRole }), {
    resetsForm: true,
    success: (_, input) => `Added ${input.email}.`,
  });

  return (
    <div className="space-y-6">
      <FormNotice notice={addMember.notice} />
      <form onSubmit={onAdd} className="card flex flex-wrap items-end gap-3" aria-labelledby="add-member-heading">
        <h2 id="add-member-heading" className="w-full font-semibold">
          Add a member
        </h2>
        <label className="min-w-56 flex-1 text-sm font-medium text-slate-800">
          E-mail of an existing account
          <input name="email" type="email" required className="input mt-1" />
        </label>
        <label className="text-sm font-medium text-slate-800">
          Role
          <select name="role" className="input mt-1" defaultValue="annotator">
            {PROJECT_ROLES.map((role) => (
              <option key={role} value={role}>
                {PROJECT_ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn-primary" disabled={addMember.isPending}>
          Add member
        </button>
      </form>
      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading" className="font-semibold">
          Members ({members.length})
        </h2>
        <ul className="mt-3 divide-y divide-slate-100" aria-label="Members">
          {members.map((member) => (
            <li key={member.userId} className="flex flex-wrap items-center gap-3 py-2.5" data-testid="member-row">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">
                  {member.name}
                  {member.userId === currentUserId ? <span className="text-slate-600"> (you)</span> : null}
                </p>
                <p className="truncate text-xs text-slate-600">{member.email}</p>
              </div>
              <label className="sr-only" htmlFor={`role-${member.userId}`}>
                Role of {member.name}
              </label>
              <select
                id={`role-${member.userId}`}
                className="input w-auto"
                value={member.role}
                onChange={(event) =>
                  run(() => setRole.mutateAsync({ projectId, userId: member.userId, role: event.target.value as TProjectRole }), `${member.name} is now ${PROJECT_ROLE_LABELS[event.target.value as TProjectRole].toLowerCase()}.`)
                }
              >
                {PROJECT_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {PROJECT_ROLE_LABELS[role]}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn-danger"
                onClick={() => {
                  if (window.confirm(`Remove ${member.name} from this project?`)) void run(() => removeMember.mutateAsync({ projectId, userId: member.userId }), `Removed ${member.name}.`);
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
