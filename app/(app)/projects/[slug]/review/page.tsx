import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasProjectPermission } from '@/server/auth/roles';
import { loadProject } from '../load-project';
import { ReviewWorkspace } from './review-workspace';

export const metadata: Metadata = { title: 'Review' };

export default async function ReviewPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ item?: string }> }) {
  const { project } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'review.decide')) notFound();
  const requested = Number((await searchParams).item);
  const { overlap, overlapShare, auditRate, goldRate } = project.settings;
  return (
    <ReviewWorkspace
      projectId={project.id}
      slug={project.slug}
      labels={project.labels}
      isMultiLabel={project.taskType === 'multi_label'}
      spanSetup={project.taskType === 'spans' ? { allowOverlap: project.settings.allowOverlappingSpans } : null}
      initialItemId={Number.isSafeInteger(requested) && requested > 0 ? requested : null}
      setup={{ overlap, overlapShare, auditRate, goldRate, canLabel: hasProjectPermission(project.role, 'label.submit') }}
    />
  );
}
