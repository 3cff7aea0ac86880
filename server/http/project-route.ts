import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';
import { authorizeProjectAccessBySlug, type TProjectAccess } from '@/server/auth/project-access';
import type { TProjectPermission } from '@/server/auth/roles';
import { randomUUID } from 'node:crypto';
import { getAppServices, type TBodyLimits } from '@/server/app-services';
import { AppError, HTTP_STATUS_BY_CODE } from '@/server/errors';
import { isCrossSiteRequest } from '@/server/security/same-origin';
import { findProjectIdBySlug } from '@/server/services/projects/projects';
import { resolveActor } from '@/server/auth/resolve-actor';
import { BodyTooLargeError, declaresBodyOver, payloadTooLargeResponse } from './body-limit';

export type TProjectRouteContext = { db: Database; actor: TActor; project: TProjectAccess; bodyLimits: TBodyLimits };

export function errorResponse(code: keyof typeof HTTP_STATUS_BY_CODE, message: string, details?: unknown): Response {
  return Response.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status: HTTP_STATUS_BY_CODE[code] });
}

/** A BodyTooLargeError anywhere in the cause chain (a parser may wrap the stream's error). */
function findBodyTooLarge(error: unknown): BodyTooLargeError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof BodyTooLargeError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * The HTTP API's door to one project, with the same checks as the tRPC procedures: same-origin for
 * cookie sessions, a bearer token or session, membership and role. A declared body over the route's
 * limit (the JSON limit unless the route says otherwise) is refused before anything else. Errors
 * become JSON with a status; unexpected ones a generic 500 with a request id that the log also has.
 */
export async function handleProjectRoute(
  request: Request,
  slug: string,
  permission: TProjectPermission,
  handler: (context: TProjectRouteContext) => Promise<Response>,
  options: { bodyLimit?: (limits: TBodyLimits) => number } = {},
): Promise<Response> {
  if (isCrossSiteRequest(request)) return errorResponse('FORBIDDEN', 'Cross-site request refused');
  try {
    const { db, auth, bodyLimits } = await getAppServices();
    const bodyLimit = options.bodyLimit?.(bodyLimits) ?? bodyLimits.json;
    if (declaresBodyOver(request, bodyLimit)) return payloadTooLargeResponse(bodyLimit);
    // Two independent lookups, side by side: one round trip of waiting instead of two.
    const [actor, projectId] = await Promise.all([resolveActor(db, auth, request.headers), findProjectIdBySlug(db, slug.slice(0, 64))]);
    if (!actor) return errorResponse('UNAUTHORIZED', 'Sign in, or send an API token as "Authorization: Bearer <token>"');
    // Unknown, or not the caller's: the same 404, so no one learns which slugs exist.
    const project = await authorizeProjectAccessBySlug(db, actor, projectId, permission);
    return await handler({ db, actor, project, bodyLimits });
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error.code, error.message, error.details);
    const tooLarge = findBodyTooLarge(error);
    if (tooLarge) return payloadTooLargeResponse(tooLarge.limit);
    const { message, requestId } = reportUnexpectedError(error);
    return Response.json({ error: { code: 'INTERNAL_SERVER_ERROR', message, requestId } }, { status: 500 });
  }
}

/** Logs an unexpected error with a fresh request id; the client gets only the id, never SQL or a stack. */
export function reportUnexpectedError(error: unknown): { message: string; requestId: string } {
  const requestId = randomUUID();
  console.error(`[http] unexpected error (request ${requestId}):`, error);
  return { message: `Something went wrong on the server (request id ${requestId})`, requestId };
}

/** What a client may read of an error raised mid-response (a streamed import): the app's own messages only. */
export function describeErrorForClient(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const tooLarge = findBodyTooLarge(error);
  if (tooLarge) return new BodyTooLargeError(tooLarge.limit).message;
  return reportUnexpectedError(error).message;
}
