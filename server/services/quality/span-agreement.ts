import type { Database } from '@/db/client';
import { computeNamedSpanAgreement } from '@/ml/spans/compute-named-span-agreement';
import type { TSpanAgreementReport } from '@/ml/spans/span-agreement-report';
import { loadSpanAnswers } from './span-answers';

/**
 * The agreement of a spans project's annotators (computeSpanAgreementReport): span F1 between
 * annotators, exact and partial; token-level α and κ; Krippendorff's unitizing α; overall and per
 * label (in the project's order, archived labels that older answers use included). Read from every
 * counted (non-rejected) spans answer up to the report's watermark on items that have two or more;
 * `npx quorum agreement` on the ratings download, with the report's labels, prints the same object.
 */
export async function computeProjectSpanAgreement(db: Database, projectId: number, { maxAnnotationId }: { maxAnnotationId: number }): Promise<TSpanAgreementReport> {
  const { answers, labels } = await loadSpanAnswers(db, projectId, { maxAnnotationId });
  return computeNamedSpanAgreement(answers, { labels });
}
