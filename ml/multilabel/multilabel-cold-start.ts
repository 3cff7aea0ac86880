import { DEFAULT_COLD_START_LABELS_PER_CLASS } from '../sampling/cold-start';

/**
 * Whether a multi-label model's uncertainty is still too young to order a queue: while fewer than
 * k labeled items per label (k·L in all) are in. Every labeled item answers every label (chosen or
 * not), so this is the single-label rule's label budget (k per class) spread over the labels; asking
 * each label for k *positive* answers instead would keep a project with a rare label cold for good,
 * and rare labels are where uncertainty sampling pays off most (bench/results/multilabel.json).
 */
export function isMultilabelColdStart(labeledItems: number, numLabels: number, minItemsPerLabel = DEFAULT_COLD_START_LABELS_PER_CLASS): boolean {
  return labeledItems < minItemsPerLabel * Math.max(1, numLabels);
}
