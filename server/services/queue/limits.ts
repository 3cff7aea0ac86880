/** Limits shared by the queue services and the input schemas the browser imports. */
export const MAX_EXCLUDED_ITEMS = 10;
export const MAX_SKIP_REASON_LENGTH = 500;
/** How long after submitting an annotator may take their last label back. */
export const UNDO_WINDOW_SECONDS = 120;
