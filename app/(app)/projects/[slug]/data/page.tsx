import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { hasProjectPermission } from '@/server/auth/roles';
import { loadProject } from '../load-project';
import { ExportPanel } from './export-panel';
import { ImportHistory } from './import-history';
import { ImageUploadPanel } from './image-upload-panel';
import { ImportPanel } from './import-panel';

export const metadata: Metadata = { title: 'Data' };

export default async function DataPage({ params }: { params: Promise<{ slug: string }> }) {
  const { project, caller } = await loadProject((await params).slug);
  const canImport = hasProjectPermission(project.role, 'data.import');
  const canExport = hasProjectPermission(project.role, 'data.export');
  if (!canImport && !canExport) notFound();
  const isImageProject = project.taskType === 'image_classification';
  const history = canImport ? await caller.data.imports({ projectId: project.id, limit: 10 }) : [];
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      {canImport ? (
        <div className="space-y-6 lg:col-span-2">
          {isImageProject ? <ImageUploadPanel slug={project.slug} labels={project.labels.map((label) => label.name)} /> : null}
          <ImportPanel slug={project.slug} labels={project.labels.map((label) => label.name)} isImageProject={isImageProject} isSpanProject={project.taskType === 'spans'} />
        </div>
      ) : null}
      {canExport ? <ExportPanel slug={project.slug} isSpanProject={project.taskType === 'spans'} /> : null}
      {canImport ? <ImportHistory imports={history} /> : null}
    </div>
  );
}
