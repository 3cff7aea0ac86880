import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="flex min-h-screen items-start justify-center px-4 py-16 sm:items-center sm:py-0">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-2xl font-bold tracking-tight text-blue-800">Quorum</p>
        <div className="card">{children}</div>
      </div>
    </main>
  );
}
