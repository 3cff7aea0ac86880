import type { Database } from '@/db/client';
import { computeMultilabelAgreementReport, type TMultilabelAgreementReport } from '@/ml/multilabel/multilabel-agreement-report';
import { loadLabelSetAnswers } from './label-set-answers';

/**
 * The agreement of a multi-label project's annotators: exact-set agreement, Krippendorff's α over
 * sets with the MASI and the Jaccard distance, and per-label binary α and κ, from every counted
 * (non-rejected) set answer up to the report's watermark. `npx quorum agreement` on the ratings
 * download, with the declared labels, bootstrap and seed, prints the same object.
 */
export async function computeProjectMultilabelAgreement(
  db: Database,
  projectId: number,
  options: { bootstrapSamples: number; seed: number; maxAnnotationId: number },
): Promise<TMultilabelAgreementReport> {
  const { ratings, labels } = await loadLabelSetAnswers(db, projectId, { maxAnnotationId: options.maxAnnotationId });
  return computeMultilabelAgreementReport(ratings, { labels, bootstrapSamples: options.bootstrapSamples, seed: options.seed });
}
