import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getServerCaller } from '@/server/trpc/server-caller';
import { AccountForm } from '../account-form';

export const metadata: Metadata = { title: 'Set up Quorum' };

export default async function SetupPage() {
  const caller = await getServerCaller();
  if (!(await caller.setup.status()).needsSetup) redirect('/sign-in');
  return (
    <>
      <h1 className="text-lg font-semibold">Create the admin account</h1>
      <p className="mt-1 text-sm text-slate-700">This first account runs the instance: it creates users, invites and projects.</p>
      <AccountForm mode={{ kind: 'setup' }} submitLabel="Create admin account" />
    </>
  );
}
