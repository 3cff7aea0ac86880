'use client';

import { useMutation } from '@tanstack/react-query';
import { DataTable } from '@/app/_components/data-table';
import { FormNotice } from '@/app/_components/form-notice';
import type { RouterOutputs } from '@/app/_lib/router-types';
import { useTRPC } from '@/app/_lib/trpc';
import { useFormMutation } from '@/app/_lib/use-form-mutation';
import { GLOBAL_ROLE_LABELS, GLOBAL_ROLES, type TGlobalRole } from '@/server/auth/roles';

type TUser = RouterOutputs['admin']['users'][number];

export function UsersTable({ users, currentUserId }: { users: TUser[]; currentUserId: string }) {
  const trpc = useTRPC();
  const setRole = useFormMutation(trpc.admin.setGlobalRole.mutationOptions(), { invalidates: 'page' });
  const setDisabled = useMutation(trpc.admin.setUserDisabled.mutationOptions());

  return (
    <section className="card lg:col-span-2" aria-labelledby="users-heading">
      <h2 id="users-heading" className="font-semibold">
        Accounts ({users.length})
      </h2>
      {setRole.notice ? (
        <div className="mt-3">
          <FormNotice notice={setRole.notice} />
        </div>
      ) : null}
      <DataTable<TUser>
        caption="Accounts"
        tableClassName="min-w-[36rem]"
        rows={users}
        rowKey={(user) => user.id}
        columns={[
          { header: 'Name', cell: (user) => user.name },
          { header: 'E-mail', cell: (user) => user.email },
          {
            header: 'Instance role',
            cell: (user) => (
              <select
                aria-label={`Instance role of ${user.name}`}
                className="input w-auto py-1"
                value={user.globalRole}
                onChange={(event) => setRole.submit({ userId: user.id, role: event.target.value as TGlobalRole })}
              >
                {GLOBAL_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {GLOBAL_ROLE_LABELS[role]}
                  </option>
                ))}
              </select>
            ),
          },
          {
            header: 'Status',
            cell: (user) =>
              user.id === currentUserId ? (
                <span className="text-slate-600">You</span>
              ) : (
                <button
                  type="button"
                  className={user.disabled ? 'btn-secondary py-1' : 'btn-danger py-1'}
                  onClick={() => setRole.run(() => setDisabled.mutateAsync({ userId: user.id, disabled: !user.disabled }))}
                >
                  {user.disabled ? 'Enable' : 'Disable'}
                </button>
              ),
          },
        ]}
      />
    </section>
  );
}
