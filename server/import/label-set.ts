export type TLabelSet = {
  /** The project's spelling of `raw`, or null when it is not one of the project's labels. */
  resolve(raw: string): string | null;
  describe(): string;
};

const MAX_LABELS_IN_MESSAGE = 12;

/**
 * Exact match first; otherwise a case- and space-insensitive match when it is unambiguous, because
 * "Spam" in a file meant for a project with "spam" is not worth rejecting a million rows over.
 */
export function createLabelSet(labels: readonly string[]): TLabelSet {
  const exact = new Set(labels);
  const folded = new Map<string, string | null>();
  for (const label of labels) {
    const key = label.trim().toLowerCase();
    folded.set(key, folded.has(key) && folded.get(key) !== label ? null : label);
  }
  const listed = labels.slice(0, MAX_LABELS_IN_MESSAGE).map((l) => JSON.stringify(l)).join(', ');
  const description = labels.length === 0 ? 'the project has no labels yet' : `the project's labels are ${listed}${labels.length > MAX_LABELS_IN_MESSAGE ? ', …' : ''}`;
  return {
    resolve(raw) {
      if (exact.has(raw)) return raw;
      return folded.get(raw.trim().toLowerCase()) ?? null;
    },
    describe: () => description,
  };
}
