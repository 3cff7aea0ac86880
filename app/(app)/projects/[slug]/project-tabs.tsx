'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** `matchesSubpages`: the tab stays current on the pages under it (a case's record, the policy). */
export type TProjectTab = { href: string; label: string; matchesSubpages?: boolean };

export function ProjectTabs({ tabs }: { tabs: TProjectTab[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Project" className="-mb-px mt-3 flex gap-1 overflow-x-auto">
      {tabs.map((tab) => {
        const isCurrent = pathname === tab.href || (tab.matchesSubpages === true && pathname.startsWith(`${tab.href}/`));
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={pathname === tab.href ? 'page' : isCurrent ? 'true' : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
              isCurrent ? 'border-blue-700 text-blue-800' : 'border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-950'
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
