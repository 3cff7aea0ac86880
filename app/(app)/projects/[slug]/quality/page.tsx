import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasProjectPermission } from '@/server/auth/roles';
import { loadProject } from '../load-project';
import { QualityReport } from './quality-report';
import './print.css';

export const metadata: Metadata = { title: 'Quality' };

/** The manager's report: can we trust the labels, and has the model caught up with people? */
export default async function QualityPage({ params }: { params: Promise<{ slug: string }> }) {
  const { project } = await loadProject((await params).slug);
  // Annotators never see this page (nor other annotators' labels through it).
  if (!hasProjectPermission(project.role, 'quality.view')) notFound();
  return <QualityReport projectId={project.id} slug={project.slug} />;
}
