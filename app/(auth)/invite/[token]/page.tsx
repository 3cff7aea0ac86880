import type { Metadata } from 'next';
import Link from 'next/link';
import { PROJECT_ROLE_LABELS } from '@/server/auth/roles';
import { getServerCaller } from '@/server/trpc/server-caller';
import { AccountForm } from '../../account-form';

export const metadata: Metadata = { title: 'Join Quorum' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const caller = await getServerCaller();
  const invite = await caller.setup.describeInvite({ token: token.slice(0, 200) });
  if (!invite) {
    return (
      <>
        <h1 className="text-lg font-semibold">This invite link no longer works</h1>
        <p className="mt-2 text-sm text-slate-700">It was used already, it expired, or it was revoked. Ask your admin for a new one.</p>
        <Link href="/sign-in" className="link mt-4 inline-block text-sm">
          Sign in instead
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-lg font-semibold">Join Quorum</h1>
      {invite.projectName && invite.projectRole ? (
        <p className="mt-1 text-sm text-slate-700">
          You are invited to <strong>{invite.projectName}</strong> as {PROJECT_ROLE_LABELS[invite.projectRole].toLowerCase()}.
        </p>
      ) : null}
      <AccountForm mode={{ kind: 'invite', token, email: invite.email }} submitLabel="Create account" />
    </>
  );
}
