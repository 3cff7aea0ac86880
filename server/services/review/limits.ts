/** Limits shared by the review service and the input schemas the browser imports. */
export const MAX_COMMENT_LENGTH = 5000;
/** Items one bulk accept may decide: what the review queue shows at once. */
export const MAX_BULK_ACCEPT = 100;
