/** Limits shared by the queue services and the input schemas the browser imports. */
export const MAX_EXCLUDED_ITEMS = 10;
export const MAX_SKIP_REASON_LENGTH = 500;
/** How long after submitting (or skipping) an annotator may take a label (or a skip) back. */
export const UNDO_WINDOW_SECONDS = 300;
/** How many of an annotator's latest labels (and skips) may be taken back: a short history, not a rewrite. */
export const UNDO_HISTORY_SIZE = 10;
