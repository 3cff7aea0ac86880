import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { hasProjectPermission } from '@/server/auth/roles';
import { handlePageError } from '@/server/trpc/server-caller';
import { loadProject } from '../load-project';
import { DecisionWorkspace } from './decision-workspace';
import { MonitorBanner } from './oversight/monitor-banner';
import { RecentDecisions } from './recent-decisions';
import { StopBanner } from './stop-banner';

export const metadata: Metadata = { title: 'Decisions' };

export default async function DecisionsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { project, caller } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'decision.view')) notFound();
  const policy = await caller.decisions.policy({ projectId: project.id }).catch(handlePageError);
  const policyHref = hasProjectPermission(project.role, 'decision.policy') ? `/projects/${project.slug}/decisions/policy` : null;
  const canReview = hasProjectPermission(project.role, 'decision.review');
  const recent = await caller.decisionRecord.list({ projectId: project.id, limit: 50 }).catch(handlePageError);
  const monitor = await caller.oversight.status({ projectId: project.id }).catch(handlePageError);
  const oversightHref = `/projects/${project.slug}/decisions/oversight`;
  return (
    <div className="space-y-4">
      {policy.stopped ? <StopBanner policyHref={policyHref} /> : null}
      <MonitorBanner status={monitor} oversightHref={oversightHref} />
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-sm text-slate-700">
          Cases other systems sent that people decide: the model’s unsure cases, cases a rule sends to people, and random audits of its automatic decisions.
        </p>
        <nav aria-label="Decision pages" className="flex flex-wrap gap-4 text-sm">
          <Link href={oversightHref} className="link">
            Oversight
          </Link>
          <Link href={`/projects/${project.slug}/decisions/thresholds`} className="link">
            Certified thresholds
          </Link>
          {policyHref ? (
            <>
              <Link href={`/projects/${project.slug}/decisions/reviewers`} className="link">
                Reviewers and the model
              </Link>
              <Link href={policyHref} className="link">
                Decision policy
              </Link>
            </>
          ) : null}
        </nav>
      </div>
      {canReview ? (
        <DecisionWorkspace projectId={project.id} slug={project.slug} labels={project.labels.map((label) => label.name)} />
      ) : (
        <p className="card text-sm text-slate-700">Reviewers and managers answer cases here; your role sees the policy and the records.</p>
      )}
      <RecentDecisions slug={project.slug} decisions={recent.decisions} />
    </div>
  );
}
