import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasProjectPermission } from '@/server/auth/roles';
import { loadProject } from '../load-project';
import { LabelingWorkspace } from './labeling-workspace';

export const metadata: Metadata = { title: 'Label' };

export default async function LabelPage({ params }: { params: Promise<{ slug: string }> }) {
  const { project } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'label.submit')) notFound();
  return (
    <LabelingWorkspace
      projectId={project.id}
      slug={project.slug}
      taskBatchSize={project.settings.taskBatchSize}
      isMultiLabel={project.taskType === 'multi_label'}
      spanSetup={project.taskType === 'spans' ? { allowOverlap: project.settings.allowOverlappingSpans } : null}
      instructions={project.instructions}
      labels={project.labels.map(({ id, name, hotkey, color }) => ({ id, name, hotkey, color }))}
      showModelSuggestion={project.settings.showModelSuggestion}
    />
  );
}
