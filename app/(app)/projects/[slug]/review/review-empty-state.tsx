import Link from 'next/link';

/** What fills the review queue in this project: the settings behind each reason. */
export type TReviewSetup = { overlap: number; overlapShare: number; auditRate: number; goldRate: number; canLabel: boolean };

/**
 * An empty review queue explained: what review is for, why nothing waits, and what will put items
 * here in this project (or why nothing will, as it is set up).
 */
export function ReviewEmptyState({ slug, setup }: { slug: string; setup: TReviewSetup }) {
  const sources: { reason: string; how: string; isOn: boolean }[] = [
    {
      reason: 'Annotators disagree',
      how:
        setup.overlap > 1
          ? `${Math.round(setup.overlapShare * 100)}% of items get ${setup.overlap} annotators; when they differ, the item comes here.`
          : 'Off: every item gets one annotator (overlap 1), so no one can disagree.',
      isOn: setup.overlap > 1,
    },
    {
      reason: 'Random audit',
      how: setup.auditRate > 0 ? `${Math.round(setup.auditRate * 100)}% of settled items are sampled at random for a second look.` : 'Off: the audit rate is 0%.',
      isOn: setup.auditRate > 0,
    },
    {
      reason: 'Wrong answer on a gold item',
      how: setup.goldRate > 0 ? `${Math.round(setup.goldRate * 100)}% of served items are gold checks; a wrong answer comes here.` : 'Off: no gold checks are served.',
      isOn: setup.goldRate > 0,
    },
    {
      reason: 'Model confidently disagrees / likely mislabeled',
      how: 'After each training, human labels the model contradicts with high confidence come here.',
      isOn: true,
    },
  ];
  return (
    <section className="card space-y-3" aria-labelledby="review-empty-heading" data-testid="review-empty">
      <h2 id="review-empty-heading" className="font-semibold">
        Nothing waits for a review
      </h2>
      <p className="text-sm text-slate-700">
        Review is where a person settles what the automatic rules cannot: the final label of an item when annotators disagree, when a gold answer was
        missed, when a random audit asks for a second look, or when a model contradicts a label. Every decision is kept in the audit log.
      </p>
      <h3 className="text-sm font-semibold">What puts items here in this project</h3>
      <ul className="space-y-1 text-sm">
        {sources.map((source) => (
          <li key={source.reason}>
            <span className="font-medium">{source.reason}</span> <span className="text-slate-700">— {source.how}</span>
          </li>
        ))}
      </ul>
      {setup.overlap <= 1 && setup.auditRate === 0 && setup.goldRate === 0 ? (
        <p className="text-sm text-slate-700">As set up now, only a trained model can send items here. A manager can raise overlap or the audit rate in Settings.</p>
      ) : null}
      {setup.canLabel ? (
        <Link className="btn-secondary inline-flex" href={`/projects/${slug}/label`}>
          Label items
        </Link>
      ) : null}
    </section>
  );
}
