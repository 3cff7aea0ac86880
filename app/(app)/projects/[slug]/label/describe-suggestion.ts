import type { TQueueTask } from '@/server/routers/label.schema';

/** A label in a multi-label suggestion: whether the model predicts it, and its probability when known. */
export type TSuggestedLabel = { name: string; probability: number | null; isPredicted: boolean };

/** The model's suggestion as the labeling screen shows it: one label, or a predicted set. */
export type TSuggestionView = { kind: 'label'; name: string; score: number | null } | { kind: 'set'; labels: TSuggestedLabel[]; score: number | null };

/**
 * Names a task's suggestion with the project's labels: the label and its probability, or for a
 * multi-label item every label in the project's order, predicted or not, with its probability (a
 * set imported without probabilities has none). Null when there is nothing to show, or the label is
 * no longer in the set.
 */
export function describeSuggestion(suggestion: TQueueTask['suggestion'], labels: readonly { id: number; name: string }[]): TSuggestionView | null {
  if (!suggestion) return null;
  if (!('labelIds' in suggestion)) {
    const label = labels.find((entry) => entry.id === suggestion.labelId);
    return label ? { kind: 'label', name: label.name, score: suggestion.score } : null;
  }
  const predicted = new Set(suggestion.labelIds);
  return {
    kind: 'set',
    labels: labels.map((label) => ({ name: label.name, probability: suggestion.probabilities?.[String(label.id)] ?? null, isPredicted: predicted.has(label.id) })),
    score: suggestion.score,
  };
}
