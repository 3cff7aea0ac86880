/** What an annotator is shown: the text and its metadata, never other people's labels or the gold answer. */
export type TQueueTask = {
  itemId: number;
  text: string;
  metadata: Record<string, unknown>;
  /** Image projects: the item's stored image (served by the item's image route); absent for text. */
  mediaHash?: string | null;
  leaseExpiresAt: Date;
  /**
   * The latest model prediction, only when the project shows suggestions: a label and its
   * probability, or (multi-label) the predicted set with each label's probability when known.
   */
  suggestion: { labelId: number; score: number | null } | { labelIds: number[]; probabilities: Record<string, number> | null; score: number | null } | null;
  /**
   * Span projects showing suggestions: the current model's spans to pre-annotate the item with, each
   * with its confidence (absent otherwise; empty on evaluation items and gold checks).
   */
  suggestedSpans?: { start: number; end: number; labelId: number; score: number }[];
};
