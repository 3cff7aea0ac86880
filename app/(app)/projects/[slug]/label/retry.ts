import { TRPCClientError } from '@trpc/client';

const MAX_ATTEMPTS = 8;
const MAX_DELAY_MS = 10_000;

/**
 * Whether a failed call may succeed if sent again: no answer at all (network down, server
 * restarting) or a server-side failure. Refusals (4xx: a conflict, a bad label) never change.
 */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
  return status === undefined || status >= 500 || status === 429;
}

/**
 * Calls `call` until it succeeds, retrying transient failures with exponential backoff (about a
 * minute in all). The caller makes the request idempotent (a client id), so a retry after a lost
 * answer is stored once.
 */
export async function callWithRetry<T>(call: () => Promise<T>, onRetry?: (attempt: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransientError(error) || attempt >= MAX_ATTEMPTS) throw error;
      onRetry?.(attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_DELAY_MS, 400 * 2 ** (attempt - 1))));
    }
  }
}
