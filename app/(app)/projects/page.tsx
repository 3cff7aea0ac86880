import type { Metadata } from 'next';
import Link from 'next/link';
import { ItemProgressBar } from '@/app/_components/item-progress-bar';
import { PageHeader } from '@/app/_components/page-header';
import { PROJECT_ROLE_LABELS } from '@/server/auth/roles';
import { getServerCaller, handlePageError } from '@/server/trpc/server-caller';

export const metadata: Metadata = { title: 'Projects' };

const numberFormat = new Intl.NumberFormat('en');

export default async function ProjectsPage() {
  const caller = await getServerCaller();
  const [me, projects] = await Promise.all([caller.me.get(), caller.project.list()]).catch(handlePageError);
  const canCreate = me.globalRole === 'admin' || me.globalRole === 'manager';
  return (
    <>
      <PageHeader
        title="Projects"
        actions={
          canCreate ? (
            <Link href="/projects/new" className="btn-primary">
              New project
            </Link>
          ) : null
        }
      />
      {projects.length === 0 ? (
        <div className="card text-sm text-slate-700">
          {canCreate ? 'No projects yet. Create the first one.' : 'You are not a member of any project yet. Ask a manager to add you.'}
        </div>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Projects">
          {projects.map((project) => (
            <li key={project.id}>
              <Link href={`/projects/${project.slug}`} className="card block h-full transition-shadow hover:shadow-md">
                <div className="flex items-start justify-between gap-2">
                  <h2 className="min-w-0 truncate font-semibold">{project.name}</h2>
                  <span className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                    {project.role === 'admin' ? 'Admin' : PROJECT_ROLE_LABELS[project.role]}
                  </span>
                </div>
                <div className="mt-4">
                  <ItemProgressBar progress={project.progress} isCompact testId={`project-progress-${project.slug}`} />
                </div>
                <dl className="mt-3 grid grid-cols-3 gap-2 text-sm">
                  <div>
                    <dt className="text-slate-600">Items</dt>
                    <dd className="font-medium tabular-nums">{numberFormat.format(project.itemCount)}</dd>
                  </div>
                  <div>
                    <dt className="text-slate-600">Done</dt>
                    <dd className="font-medium tabular-nums">{project.progress.total === 0 ? '—' : `${Math.floor((project.progress.labeled / project.progress.total) * 100)}%`}</dd>
                  </div>
                  <div>
                    <dt className="text-slate-600">Labels given</dt>
                    <dd className="font-medium tabular-nums">{numberFormat.format(project.annotationCount)}</dd>
                  </div>
                </dl>
                <p className="mt-3 text-xs text-slate-600">{project.labelCount} labels in the label set</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
