import type { ReactNode } from 'react';
import { hasProjectPermission } from '@/server/auth/roles';
import { loadProject } from './load-project';
import { ProjectTabs, type TProjectTab } from './project-tabs';

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { project } = await loadProject(slug);
  const base = `/projects/${project.slug}`;
  const tabs: TProjectTab[] = [{ href: base, label: 'Overview' }];
  if (hasProjectPermission(project.role, 'label.submit')) tabs.push({ href: `${base}/label`, label: 'Label' });
  if (hasProjectPermission(project.role, 'review.decide')) tabs.push({ href: `${base}/review`, label: 'Review' });
  if (hasProjectPermission(project.role, 'data.import') || hasProjectPermission(project.role, 'data.export')) {
    tabs.push({ href: `${base}/data`, label: 'Data' });
  }
  if (hasProjectPermission(project.role, 'quality.view')) tabs.push({ href: `${base}/quality`, label: 'Quality' });
  if (hasProjectPermission(project.role, 'quality.view')) tabs.push({ href: `${base}/models`, label: 'Models' });
  if (hasProjectPermission(project.role, 'decision.view')) tabs.push({ href: `${base}/decisions`, label: 'Decisions', matchesSubpages: true });
  if (hasProjectPermission(project.role, 'project.manage')) {
    tabs.push({ href: `${base}/settings`, label: 'Settings' }, { href: `${base}/members`, label: 'Members' });
  }
  return (
    <>
      <div className="mb-6 border-b border-slate-200">
        <p className="text-sm text-slate-600">Project</p>
        <h1 className="truncate text-2xl font-semibold tracking-tight" data-testid="project-name">
          {project.name}
        </h1>
        <ProjectTabs tabs={tabs} />
      </div>
      {children}
    </>
  );
}
