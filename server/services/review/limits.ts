/** Limits shared by the review service and the input schemas the browser imports. */
export const MAX_COMMENT_LENGTH = 5000;
