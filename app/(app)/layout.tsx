import Link from 'next/link';
import type { ReactNode } from 'react';
import { getServerCaller, handlePageError } from '@/server/trpc/server-caller';
import { SignOutButton } from './sign-out-button';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const caller = await getServerCaller();
  const me = await caller.me.get().catch(handlePageError);
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3">
          <Link href="/projects" className="text-lg font-bold tracking-tight text-blue-800">
            Quorum
          </Link>
          {/* Held at the change-password page, a person is shown no links that would only lead back to it. */}
          {me.mustChangePassword ? null : (
            <>
              <Link href="/projects" className="text-sm font-medium text-slate-700 hover:text-slate-950">
                Projects
              </Link>
              {me.globalRole === 'admin' ? (
                <Link href="/admin/users" className="text-sm font-medium text-slate-700 hover:text-slate-950">
                  Users
                </Link>
              ) : null}
              <Link href="/account/tokens" className="text-sm font-medium text-slate-700 hover:text-slate-950">
                API tokens
              </Link>
              <Link href="/account/password" className="text-sm font-medium text-slate-700 hover:text-slate-950">
                Password
              </Link>
            </>
          )}
          <div className="ml-auto flex items-center gap-3">
            <span className="hidden text-sm text-slate-700 sm:inline" data-testid="current-user">
              {me.name}
            </span>
            <SignOutButton />
          </div>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </>
  );
}
