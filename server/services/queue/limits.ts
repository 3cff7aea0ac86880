/** Limits shared by the queue services and the input schemas the browser imports. */
export const MAX_EXCLUDED_ITEMS = 10;
/** Most tasks one request leases: the project's batch size is at most this. */
export const MAX_TASK_BATCH = 20;
/** Items a batch client may say it holds: its buffer plus answers still on their way. */
export const MAX_HELD_ITEMS = 100;
/** Answers (labels and skips) one batch request may carry. */
export const MAX_BATCH_ANSWERS = 50;
export const MAX_SKIP_REASON_LENGTH = 500;
/** How long after submitting (or skipping) an annotator may take a label (or a skip) back. */
export const UNDO_WINDOW_SECONDS = 300;
/** How many of an annotator's latest labels (and skips) may be taken back: a short history, not a rewrite. */
export const UNDO_HISTORY_SIZE = 10;
