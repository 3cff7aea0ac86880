import { redirect } from 'next/navigation';
import { getServerCaller } from '@/server/trpc/server-caller';

export default async function HomePage() {
  const caller = await getServerCaller();
  const { needsSetup } = await caller.setup.status();
  if (needsSetup) redirect('/setup');
  const me = await caller.me.get().catch(() => null);
  redirect(me ? '/projects' : '/sign-in');
}
