import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasProjectPermission } from '@/server/auth/roles';
import { loadProject } from '../load-project';
import { ModelsDashboard } from './models-dashboard';

export const metadata: Metadata = { title: 'Models' };

/** The learning loop: current model and its training, sampling strategy, versions, evaluation set, simulator. */
export default async function ModelsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { project } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'quality.view')) notFound();
  return (
    <ModelsDashboard
      projectId={project.id}
      slug={project.slug}
      canManage={hasProjectPermission(project.role, 'model.manage')}
      canDownload={hasProjectPermission(project.role, 'data.export')}
    />
  );
}
