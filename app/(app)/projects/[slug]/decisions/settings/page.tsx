import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/app/_components/page-header';
import { hasProjectPermission } from '@/server/auth/roles';
import { loadProject } from '../../load-project';
import { DecisionExportForm } from './decision-export-form';
import { RetentionForm } from './retention-form';
import { VerifyLogButton } from './verify-log-button';
import { WebhookSettingsForm } from './webhook-settings-form';

export const metadata: Metadata = { title: 'Decision settings' };

export default async function DecisionSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { project, caller } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'decision.admin')) notFound();
  const settings = await caller.decisionRecord.settings({ projectId: project.id });
  return (
    <div>
      <PageHeader title="Decision settings" description="Where webhooks go and how they are signed, how long the record is kept, exports, and the log check." />
      <div className="grid gap-6 lg:grid-cols-2">
        <WebhookSettingsForm projectId={project.id} webhook={settings.webhook} />
        <div className="space-y-6">
          <RetentionForm projectId={project.id} retentionDays={settings.retentionDays} />
          <section className="card" aria-labelledby="verify-heading">
            <h2 id="verify-heading" className="font-semibold">
              Decision log
            </h2>
            <p className="mt-1 text-sm text-slate-700">Re-hashes every kept entry of the log; an entry changed or removed after it was written shows here.</p>
            <VerifyLogButton projectId={project.id} />
          </section>
        </div>
        <DecisionExportForm slug={project.slug} />
      </div>
    </div>
  );
}
