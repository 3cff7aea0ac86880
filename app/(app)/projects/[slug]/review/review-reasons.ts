import type { RouterOutputs } from '@/app/_lib/router-types';

export type TReviewReason = RouterOutputs['review']['queue']['entries'][number]['reasons'][number];

export const REVIEW_REASON_TEXT: Record<TReviewReason, string> = {
  disagreement: 'Annotators disagree',
  gold_miss: 'Wrong answer on a gold item',
  audit: 'Random audit',
  model_disagrees: 'Model confidently disagrees',
  likely_mislabeled: 'Likely mislabeled',
  manual: 'Flagged for review',
};

export const FINAL_SOURCE_TEXT: Record<string, string> = {
  review: 'set by a reviewer',
  consensus: 'annotators agreed',
  single: 'one annotator',
  gold: 'known answer (gold)',
};
