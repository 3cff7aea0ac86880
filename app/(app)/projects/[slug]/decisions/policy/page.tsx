import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { hasProjectPermission } from '@/server/auth/roles';
import { handlePageError } from '@/server/trpc/server-caller';
import { loadProject } from '../../load-project';
import { StopBanner } from '../stop-banner';
import { PolicyForm } from './policy-form';
import { StopSwitch } from './stop-switch';

export const metadata: Metadata = { title: 'Decision policy' };

export default async function DecisionPolicyPage({ params }: { params: Promise<{ slug: string }> }) {
  const { project, caller } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'decision.policy')) notFound();
  const policy = await caller.decisions.policy({ projectId: project.id }).catch(handlePageError);
  return (
    <div className="space-y-6">
      {policy.stopped ? <StopBanner policyHref={null} /> : null}
      <Link href={`/projects/${project.slug}/decisions`} className="link text-sm">
        ← Decisions
      </Link>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-1">
          <StopSwitch projectId={project.id} isStopped={policy.stopped} />
        </div>
        <div className="lg:col-span-2">
          <PolicyForm key={JSON.stringify(policy)} projectId={project.id} policy={policy} labels={project.labels.map((label) => label.name)} />
        </div>
      </div>
    </div>
  );
}
