/**
 * Calls per tRPC batch: a signed-in page batches the queries it renders at once (the client link
 * splits larger batches to match); anonymous callers (setup, invite) make one call at a time.
 */
export const TRPC_MAX_BATCH_SIZE = 10;
export const TRPC_ANONYMOUS_MAX_BATCH_SIZE = 1;
