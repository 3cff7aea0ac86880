/**
 * What an item's annotations say once they are in. One annotation on a single-annotator item is its
 * final label ('single'); several that all agree are 'consensus'; any disagreement goes to a reviewer
 * (no automatic final label: a majority of two to one is not agreement). Rejected annotations are not
 * passed in.
 */
export type TFinalDecision =
  | { kind: 'pending'; missing: number }
  | { kind: 'final'; labelId: number; source: 'single' | 'consensus' }
  | { kind: 'disagreement'; votes: Record<string, number> };

export function decideFinalLabel(labelIds: readonly number[], targetOverlap: number): TFinalDecision {
  if (labelIds.length === 0 || labelIds.length < targetOverlap) return { kind: 'pending', missing: Math.max(1, targetOverlap - labelIds.length) };
  const votes: Record<string, number> = {};
  for (const labelId of labelIds) votes[labelId] = (votes[labelId] ?? 0) + 1;
  const distinct = Object.keys(votes);
  if (distinct.length > 1) return { kind: 'disagreement', votes };
  return { kind: 'final', labelId: labelIds[0] as number, source: labelIds.length === 1 ? 'single' : 'consensus' };
}
