import { quoteCsvCell } from '@/server/export/csv-cell';
import type { TQualitySnapshot } from './quality-types';

/**
 * The options after `npx quorum agreement <ratings file>` that make it print the report's agreement
 * section for this project's task type, from the ratings download:
 * - single label: the categories in the report's order (Gwet's q counts unused ones), bootstrap, seed;
 * - multi-label: the declared labels (every active one, in order: they make the per-label rows),
 *   bootstrap, seed;
 * - spans: the labels the report has rows for, in its order (uα adds labels up in that order, so
 *   another order can move the last digit); span agreement has no bootstrap.
 * The label list is one CSV line, as the CLI reads it.
 */
export function listAgreementCliOptions(snapshot: Pick<TQualitySnapshot, 'cli' | 'multiLabel' | 'spans'>): string[] {
  if (snapshot.spans) return formatCategories(snapshot.spans.perLabel.map((row) => row.label));
  if (snapshot.multiLabel) {
    const { labels, bootstrap } = snapshot.multiLabel;
    return [...formatCategories(labels), '--bootstrap', String(bootstrap?.samples ?? 0), ...(bootstrap ? ['--seed', String(bootstrap.seed)] : [])];
  }
  const { categories, bootstrap, seed } = snapshot.cli;
  return [...formatCategories(categories), '--bootstrap', String(bootstrap), '--seed', String(seed)];
}

function formatCategories(labels: readonly string[]): string[] {
  return labels.length === 0 ? [] : ['--categories', labels.map(quoteCsvCell).join(',')];
}
