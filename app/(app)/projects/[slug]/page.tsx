import type { Metadata } from 'next';
import Link from 'next/link';
import { ItemProgressBar } from '@/app/_components/item-progress-bar';
import { startOfUtcDay } from '@/server/routers/project.schema';
import { handlePageError } from '@/server/trpc/server-caller';
import { PROJECT_ROLE_LABELS } from '@/server/auth/roles';
import { loadProject } from './load-project';
import { AgreementCard, AttentionList, LabelDistributionCard, ModelCard } from './overview-cards';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { project } = await loadProject((await params).slug);
  return { title: project.name };
}

const numberFormat = new Intl.NumberFormat('en');

/** Where the project stands, for whoever opens it: what is done, what waits, and what to do next. */
export default async function ProjectHomePage({ params }: { params: Promise<{ slug: string }> }) {
  const { project, caller } = await loadProject((await params).slug);
  const since = startOfUtcDay(new Date());
  const overview = await caller.project.overview({ projectId: project.id, since }).catch(handlePageError);
  const base = `/projects/${project.slug}`;
  const { progress, throughput } = overview;
  return (
    <div className="space-y-6" data-testid="project-overview">
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="card min-w-0 lg:col-span-2" aria-labelledby="progress-heading">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="progress-heading" className="font-semibold">
              Progress
            </h2>
            <p className="text-sm text-slate-700">
              <span className="font-medium tabular-nums text-slate-900" data-testid="progress-labeled-share">
                {progress.total === 0 ? '0' : Math.floor((progress.labeled / progress.total) * 100)}%
              </span>{' '}
              of {numberFormat.format(progress.total)} items labeled
            </p>
          </div>
          <div className="mt-3">
            <ItemProgressBar progress={progress} testId="overview-progress" />
          </div>
          {progress.total === 0 ? (
            <p className="mt-3 text-sm text-slate-700">No items yet: a data scientist or manager imports them on the Data tab.</p>
          ) : null}
          {progress.goldChecks > 0 ? (
            <p className="mt-2 text-xs text-slate-600">
              Not counted: {numberFormat.format(progress.goldChecks)} gold-check item{progress.goldChecks === 1 ? '' : 's'} (known answers served to everyone to measure accuracy).
            </p>
          ) : null}
        </section>
        <section className="card min-w-0" aria-labelledby="next-heading">
          <h2 id="next-heading" className="font-semibold">
            Today
          </h2>
          <dl className="mt-2 grid grid-cols-2 gap-3 text-sm">
            <div>
              <dt className="text-slate-600">Your labels</dt>
              <dd className="text-xl font-semibold tabular-nums" data-testid="throughput-mine">
                {numberFormat.format(throughput.mine)}
              </dd>
            </div>
            {throughput.everyone !== null ? (
              <div>
                <dt className="text-slate-600">Everyone</dt>
                <dd className="text-xl font-semibold tabular-nums" data-testid="throughput-everyone">
                  {numberFormat.format(throughput.everyone)}
                  <span className="block text-xs font-normal text-slate-600">
                    by {throughput.activeAnnotators} {throughput.activeAnnotators === 1 ? 'person' : 'people'}
                  </span>
                </dd>
              </div>
            ) : null}
          </dl>
          <p className="mt-1 text-xs text-slate-600">Since 00:00 UTC.</p>
          <div className="mt-4 flex flex-wrap gap-2">
            {overview.primaryAction === 'review' ? (
              <Link href={`${base}/review`} className="btn-primary" data-testid="primary-action">
                Review{overview.reviewQueue ? ` (${numberFormat.format(overview.reviewQueue)} waiting)` : ''}
              </Link>
            ) : overview.primaryAction === 'label' ? (
              <Link href={`${base}/label`} className="btn-primary" data-testid="primary-action">
                Start labeling
              </Link>
            ) : null}
            {overview.primaryAction === 'review' && project.role !== 'data_scientist' ? (
              <Link href={`${base}/label`} className="btn-secondary">
                Label
              </Link>
            ) : null}
          </div>
          <p className="mt-4 text-xs text-slate-600">Your role: {project.role === 'admin' ? 'Admin' : PROJECT_ROLE_LABELS[project.role]}</p>
        </section>
      </div>
      <AttentionList attention={overview.attention} base={base} />
      {overview.labelDistribution || overview.model || overview.agreement ? (
        <div className="grid gap-6 lg:grid-cols-3">
          {overview.labelDistribution ? <LabelDistributionCard distribution={overview.labelDistribution} /> : null}
          {overview.model ? <ModelCard model={overview.model} base={base} /> : null}
          <AgreementCard agreement={overview.agreement} base={base} overlap={project.settings.overlap} />
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="card min-w-0 lg:col-span-2" aria-labelledby="instructions-heading">
          <h2 id="instructions-heading" className="font-semibold">
            Instructions
          </h2>
          {project.instructions ? (
            <p className="mt-2 whitespace-pre-wrap break-words text-sm text-slate-800">{project.instructions}</p>
          ) : (
            <p className="mt-2 text-sm text-slate-600">No instructions yet.</p>
          )}
        </section>
        <section className="card min-w-0" aria-labelledby="labels-heading">
          <h2 id="labels-heading" className="font-semibold">
            Labels
          </h2>
          <ul className="mt-3 space-y-2" aria-label="Label set">
            {project.labels.map((label) => (
              <li key={label.id} className="flex items-center gap-2 text-sm">
                <span aria-hidden className="size-3 shrink-0 rounded-full" style={{ backgroundColor: label.color }} />
                <span className="min-w-0 flex-1 truncate">{label.name}</span>
                <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{label.hotkey}</kbd>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
