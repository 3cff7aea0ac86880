/**
 * Per-label majority vote over several annotators' answer sets: a label is in the result when
 * more than half of the answers contain it. An empty answer ("none of these") is a vote against
 * every label, so two "none" and one {a} give the empty set. A label chosen by exactly half is
 * neither in nor out: it is returned in `tied` for a person to settle, never decided by a coin.
 */
export type TLabelMajority = {
  /** Sorted labels chosen by a strict majority. */
  labels: number[];
  /** Sorted labels chosen by exactly half of the answers. */
  tied: number[];
  /** Label → how many answers contain it (labels nobody chose are absent). */
  votes: Record<string, number>;
  /** Answers that chose no label. */
  emptyAnswers: number;
};

export function voteLabelMajority(answers: readonly (readonly number[])[]): TLabelMajority {
  const counts = new Map<number, number>();
  let emptyAnswers = 0;
  for (const answer of answers) {
    const distinct = new Set(answer);
    if (distinct.size === 0) emptyAnswers++;
    for (const label of distinct) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const labels: number[] = [];
  const tied: number[] = [];
  const votes: Record<string, number> = {};
  for (const [label, count] of [...counts].sort((a, b) => a[0] - b[0])) {
    votes[label] = count;
    if (2 * count > answers.length) labels.push(label);
    else if (2 * count === answers.length) tied.push(label);
  }
  return { labels, tied, votes, emptyAnswers };
}
