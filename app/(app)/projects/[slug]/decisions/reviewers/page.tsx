import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Alert } from '@/app/_components/alert';
import { hasProjectPermission } from '@/server/auth/roles';
import { MIN_AGREEMENT_GAP, MIN_ANSWERS_PER_ARM, MIN_MODEL_WRONG_CHECKS_PER_ARM, ZRelianceDays } from '@/server/routers/decision-reviewers.schema';
import { handlePageError } from '@/server/trpc/server-caller';
import { loadProject } from '../../load-project';
import { RelianceTable } from './reliance-table';

export const metadata: Metadata = { title: 'Reviewers and the model' };

const WINDOWS = [30, 90, 365] as const;

/**
 * Automation bias per reviewer (EU AI Act Art. 14(4)(b)): for the people who set the policy, never for
 * reviewers (they must not learn which cases were checks, nor read each other's scores).
 */
export default async function DecisionReviewersPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ days?: string }> }) {
  const { project, caller } = await loadProject((await params).slug);
  if (!hasProjectPermission(project.role, 'decision.policy')) notFound();
  const requested = ZRelianceDays.safeParse(Number((await searchParams).days ?? Number.NaN));
  const days = requested.success ? requested.data : ZRelianceDays.parse(undefined);
  const report = await caller.decisionReviewers.reliance({ projectId: project.id, days }).catch(handlePageError);
  const base = `/projects/${project.slug}/decisions`;
  const hasBlindArm = report.isBlindReview || report.blindShare > 0;
  const hasShownArm = !report.isBlindReview;
  const policyLink = (
    <Link href={`${base}/policy`} className="link">
      decision policy
    </Link>
  );
  const checksSoFar = report.reviewers.some((reviewer) => reviewer.gold.answered > 0) ? 'No new gold checks' : 'No gold checks yet';
  const goldNotice =
    report.goldShare === 0 ? (
      <>
        {checksSoFar}: set a gold share in the {policyLink}
        {report.goldItems === 0 ? ' and add gold labels to items' : ''}.
      </>
    ) : report.goldItems === 0 ? (
      `${checksSoFar}: add gold labels to items (an import’s gold column, for example).`
    ) : report.goldItemsUsed >= report.goldItems ? (
      `The gold items are used up (${report.goldItems.toLocaleString('en')}; each makes one check): add gold labels to more items for new checks.`
    ) : null;
  return (
    <div className="space-y-6">
      <Link href={base} className="link text-sm">
        ← Decisions
      </Link>
      <section className="card space-y-2 text-sm text-slate-800" aria-labelledby="reliance-about-heading">
        <h2 id="reliance-about-heading" className="text-lg font-semibold">
          Reviewers and the model
        </h2>
        <p>
          People who oversee a model must stay aware of relying on it too much (EU AI Act, Art. 14(4)(b)). Two measures show it here, per reviewer, over the answers of the last {report.days} days.
        </p>
        <p>
          <strong>Hidden gold checks.</strong> With a gold share in the policy, a reviewer’s queue holds some cases made from items whose right label is known (gold labels).
          They look and behave like any case; nobody outside is told about them (no API, export, webhook or training label), and each gold item makes one check only, so
          nobody meets one twice. Their answers measure accuracy, in particular on the checks where the model’s suggestion was wrong. Gold items:{' '}
          {report.goldItems.toLocaleString('en')}, of which {report.goldItemsUsed.toLocaleString('en')} used; {report.pendingChecks.toLocaleString('en')} checks waiting now. The
          audit log records each check made, beside the case that called for it.
        </p>
        <p>
          <strong>Blind cases.</strong> With a blind share, that share of cases arrives with the model’s suggestion hidden, drawn at random. Comparing a reviewer’s answers with
          the suggestion shown and hidden is a fair comparison: the cases differ only by chance.
        </p>
        <p>
          <strong>The flag.</strong> “Relies on the model” is shown when both hold: the reviewer agrees with the model at least {Math.round(MIN_AGREEMENT_GAP * 100)} points more
          often when it is shown, with the 95% interval of that difference above zero; and on gold checks the model got wrong, they are right less often when it is shown than
          when it is hidden, again with the interval above zero. Agreeing more with a visible model is not a fault by itself: a good model earns it. Before {MIN_ANSWERS_PER_ARM}{' '}
          answers in each arm and {MIN_MODEL_WRONG_CHECKS_PER_ARM} of those checks in each arm, the page says “not enough data”; no flag is not proof of independence.
          Intervals are 95% Wilson intervals, and Newcombe’s for differences.
        </p>
      </section>
      {goldNotice ? <Alert tone="info">{goldNotice}</Alert> : null}
      {!hasBlindArm || !hasShownArm ? (
        <Alert tone="info">
          {hasShownArm ? (
            <>
              Every suggestion is shown, so nothing compares with hidden ones: set a blind share in the <Link href={`${base}/policy`} className="link">decision policy</Link>.
            </>
          ) : (
            'Blind review hides every suggestion, so nothing compares with shown ones: use a blind share instead to compare.'
          )}
        </Alert>
      ) : null}
      <section className="card" aria-labelledby="reliance-table-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="reliance-table-heading" className="text-lg font-semibold">
            Per reviewer, last {report.days} days
          </h2>
          <nav aria-label="Window" className="flex gap-3 text-sm">
            {WINDOWS.map((window) =>
              window === report.days ? (
                <span key={window} aria-current="page" className="font-semibold">
                  {window} days
                </span>
              ) : (
                <Link key={window} href={`${base}/reviewers?days=${window}`} className="link">
                  {window} days
                </Link>
              ),
            )}
          </nav>
        </div>
        <RelianceTable reviewers={report.reviewers} />
      </section>
    </div>
  );
}
