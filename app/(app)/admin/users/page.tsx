import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/page-header';
import { getServerCaller, handlePageError } from '@/server/trpc/server-caller';
import { CreateUserForm } from './create-user-form';
import { InvitesPanel } from './invites-panel';
import { UsersTable } from './users-table';

export const metadata: Metadata = { title: 'Users' };

export default async function AdminUsersPage() {
  const caller = await getServerCaller();
  const [users, invites, projects, me] = await Promise.all([caller.admin.users(), caller.admin.invites(), caller.project.list(), caller.me.get()]).catch(
    handlePageError,
  );
  return (
    <>
      <PageHeader title="Users" description="Create accounts directly, or send an invite link that creates one." />
      <div className="grid gap-6 lg:grid-cols-2">
        <CreateUserForm />
        <InvitesPanel invites={invites} projects={projects.map(({ id, name }) => ({ id, name }))} />
        <UsersTable users={users} currentUserId={me.userId} />
      </div>
    </>
  );
}
