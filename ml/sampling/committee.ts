import { countRows } from './probability-rows';

/** Each committee member's predicted class per item (argmax; ties go to the lower class). */
export function computeCommitteeVotes(memberProbs: readonly Float32Array[], numClasses: number): Int32Array[] {
  return memberProbs.map((probs) => {
    const n = countRows(probs, numClasses);
    const votes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < numClasses; c++) if (probs[i * numClasses + c]! > probs[i * numClasses + best]!) best = c;
      votes[i] = best;
    }
    return votes;
  });
}

/**
 * Vote entropy for query-by-committee (Dagan & Engelson 1995):
 * −Σ_y (V(y)/C) log(V(y)/C), where V(y) members of C voted y. Zero when all agree.
 */
export function scoreVoteEntropy(committeeVotes: readonly Int32Array[], numClasses: number): Float32Array {
  const members = committeeVotes.length;
  const first = committeeVotes[0];
  if (!first) throw new RangeError('a committee needs at least one member');
  const n = first.length;
  const counts = new Int32Array(numClasses);
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    counts.fill(0);
    for (const votes of committeeVotes) {
      const vote = votes[i];
      if (vote === undefined || vote < 0 || vote >= numClasses) throw new RangeError(`invalid vote ${vote} for item ${i}`);
      counts[vote]!++;
    }
    let entropy = 0;
    for (let c = 0; c < numClasses; c++) {
      const share = counts[c]! / members;
      if (share > 0) entropy -= share * Math.log(share);
    }
    scores[i] = entropy;
  }
  return scores;
}
