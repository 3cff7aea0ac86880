import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/app/_components/page-header';
import { hasProjectPermission } from '@/server/auth/roles';
import { DEFAULT_SERIES_DAYS } from '@/server/routers/oversight.schema';
import { handlePageError } from '@/server/trpc/server-caller';
import { loadProject } from '../../load-project';
import { StopBanner } from '../stop-banner';
import { DriftCard } from './drift-card';
import { MonitorBanner } from './monitor-banner';
import { MonitorCard } from './monitor-card';
import { MonitorHistory } from './monitor-history';
import { OversightCharts } from './oversight-charts';

export const metadata: Metadata = { title: 'Oversight' };

/** The periods the page offers; anything else in the URL falls back to the default. */
const PERIODS = [7, 30, 90] as const;

/**
 * Human-on-the-loop oversight (issue 15; EU AI Act Art. 14(4)): the monitor that stops automatic
 * decisions when audits show the error above the accepted risk, its history, the rates over time,
 * and drift of the model's scores.
 */
export default async function OversightPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ days?: string | string[] }> }) {
  const { project, caller } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'decision.view')) notFound();
  const requested = Number((await searchParams).days);
  const days = (PERIODS as readonly number[]).includes(requested) ? requested : DEFAULT_SERIES_DAYS;
  const [dashboard, policy] = await Promise.all([
    caller.oversight.dashboard({ projectId: project.id, days }).catch(handlePageError),
    caller.decisions.policy({ projectId: project.id }).catch(handlePageError),
  ]);
  const canReset = hasProjectPermission(project.role, 'decision.policy');
  const base = `/projects/${project.slug}/decisions`;
  return (
    <div className="space-y-6">
      {policy.stopped ? <StopBanner policyHref={canReset ? `${base}/policy` : null} /> : null}
      <MonitorBanner status={dashboard.status} oversightHref={null} />
      <Link href={base} className="link text-sm">
        ← Decisions
      </Link>
      <PageHeader
        title="Oversight"
        description="Random audits of the model’s automatic decisions, tested against the risk its certificate accepts; rates over time; and whether the cases the model sees still look like the ones it was calibrated on."
        actions={
          <nav aria-label="Period" className="flex gap-2">
            {PERIODS.map((period) => (
              <Link key={period} href={`${base}/oversight?days=${period}`} className={period === days ? 'btn-primary' : 'btn-secondary'} aria-current={period === days ? 'page' : undefined}>
                {period} days
              </Link>
            ))}
          </nav>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <MonitorCard status={dashboard.status} projectId={project.id} canReset={canReset} />
        </div>
        <div className="space-y-6">
          <DriftCard drift={dashboard.drift} />
          <MonitorHistory history={dashboard.history} />
        </div>
      </div>
      <OversightCharts days={dashboard.days} alpha={dashboard.status.certificate?.alpha ?? null} delta={dashboard.delta} fileSlug={project.slug} />
    </div>
  );
}
