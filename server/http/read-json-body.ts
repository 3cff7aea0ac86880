import type { z } from 'zod';
import { AppError } from '@/server/errors';
import { hasLoneSurrogate, INVALID_UTF8_MESSAGE, isWellFormedUtf8, LONE_SURROGATE_MESSAGE } from '@/server/security/well-formed-text';
import { readBodyWithLimit } from './body-limit';

/** "path: message; …" for a client: which field, what is wrong (zod's messages carry no internals). */
export function describeIssues(error: z.ZodError, root = 'body'): string {
  return error.issues
    .slice(0, 20)
    .map((issue) => `${issue.path.join('.') || root}: ${issue.message}`)
    .join('; ');
}

/**
 * A JSON request body read under `limit` bytes (BodyTooLargeError past it, which the route turns
 * into 413), checked to be well-formed UTF-8 text and parsed with `schema`; anything else is a 400
 * that says which field.
 */
export async function readJsonBody<T extends z.ZodType>(request: Request, limit: number, schema: T): Promise<z.output<T>> {
  const bytes = await readBodyWithLimit(request, limit);
  if (!isWellFormedUtf8(bytes)) throw new AppError('BAD_REQUEST', INVALID_UTF8_MESSAGE);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError('BAD_REQUEST', 'The request body is not JSON');
  }
  if (hasLoneSurrogate(body)) throw new AppError('BAD_REQUEST', LONE_SURROGATE_MESSAGE);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('BAD_REQUEST', describeIssues(parsed.error));
  return parsed.data;
}

/** Query parameters parsed with `schema` (each name once; a repeated name keeps the last). */
export function readQuery<T extends z.ZodType>(request: Request, schema: T): z.output<T> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new AppError('BAD_REQUEST', describeIssues(parsed.error, 'query'));
  return parsed.data;
}
