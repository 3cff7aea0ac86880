import { voteLabelMajority, type TLabelMajority } from './vote-label-majority';

/**
 * What an item's multi-label answers say once they are in, with the semantics of
 * server/services/queue/final-label.ts: one answer on a single-annotator item is final ('single');
 * several answers that are all the same set are 'consensus'; any difference between the sets goes
 * to review as 'disagreement' (a per-label majority is not agreement). The disagreement carries the
 * per-label vote, so a reviewer sees which labels are contested and can start from the majority.
 * "None of these" (the empty set) is an answer like any other: three empty answers are a consensus
 * on the empty set, and {} against {a} is a disagreement.
 */
export type TFinalLabelSetDecision =
  | { kind: 'pending'; missing: number }
  | { kind: 'final'; labels: number[]; source: 'single' | 'consensus' }
  | { kind: 'disagreement'; majority: TLabelMajority };

export function decideFinalLabelSet(answers: readonly (readonly number[])[], targetOverlap: number): TFinalLabelSetDecision {
  if (answers.length === 0 || answers.length < targetOverlap) return { kind: 'pending', missing: Math.max(1, targetOverlap - answers.length) };
  const keys = answers.map((answer) => [...new Set(answer)].sort((a, b) => a - b));
  const first = keys[0]!.join(',');
  if (keys.some((key) => key.join(',') !== first)) return { kind: 'disagreement', majority: voteLabelMajority(answers) };
  return { kind: 'final', labels: keys[0]!, source: answers.length === 1 ? 'single' : 'consensus' };
}
