import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getServerCaller } from '@/server/trpc/server-caller';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage() {
  const caller = await getServerCaller();
  if ((await caller.setup.status()).needsSetup) redirect('/setup');
  if (await caller.me.get().catch(() => null)) redirect('/projects');
  return (
    <>
      <h1 className="text-lg font-semibold">Sign in</h1>
      <SignInForm />
    </>
  );
}
