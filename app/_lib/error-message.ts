import { TRPCClientError } from '@trpc/client';

/** A message a person can act on, from whatever a mutation threw. */
export function describeError(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const fieldErrors = (error.data as { fieldErrors?: Record<string, string[] | undefined> } | undefined)?.fieldErrors;
    const first = fieldErrors && Object.values(fieldErrors).flat().find(Boolean);
    return first ?? error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}
