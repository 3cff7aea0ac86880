/** What an annotator is shown: the text and its metadata, never other people's labels or the gold answer. */
export type TQueueTask = {
  itemId: number;
  text: string;
  metadata: Record<string, unknown>;
  leaseExpiresAt: Date;
  /** The latest model prediction, only when the project shows suggestions. */
  suggestion: { labelId: number; score: number | null } | null;
};
