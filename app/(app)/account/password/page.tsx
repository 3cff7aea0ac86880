import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/page-header';
import { getServerCaller, handlePageError } from '@/server/trpc/server-caller';
import { ChangePasswordForm } from './change-password-form';

export const metadata: Metadata = { title: 'Password' };

export default async function PasswordPage() {
  const caller = await getServerCaller();
  const me = await caller.me.get().catch(handlePageError);
  return (
    <>
      <PageHeader
        title="Password"
        description={
          me.mustChangePassword
            ? 'An admin chose the password you signed in with. Choose your own to go on; nobody else will know it.'
            : 'Changing it signs you out on every other device and browser.'
        }
      />
      <ChangePasswordForm owner={{ name: me.name, email: me.email }} isRequired={me.mustChangePassword} />
    </>
  );
}
