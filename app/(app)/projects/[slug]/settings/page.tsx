import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasProjectPermission } from '@/server/auth/roles';
import { loadProject } from '../load-project';
import { AuditLog } from './audit-log';
import { GeneralSettingsForm } from './general-settings-form';
import { LabelsForm } from './labels-form';

export const metadata: Metadata = { title: 'Project settings' };

export default async function ProjectSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { project, caller } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'project.manage')) notFound();
  const events = await caller.project.auditLog({ projectId: project.id, limit: 20 });
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <GeneralSettingsForm project={project} />
      <LabelsForm projectId={project.id} labels={project.labels} />
      <AuditLog events={events} />
    </div>
  );
}
