import type { Database } from '@/db/client';
import type { TActor } from '@/server/auth/actor';
import { authorizeProjectAccess, type TProjectAccess } from '@/server/auth/project-access';
import type { TProjectPermission } from '@/server/auth/roles';
import { getAppServices } from '@/server/app-services';
import { AppError, HTTP_STATUS_BY_CODE } from '@/server/errors';
import { isCrossSiteRequest } from '@/server/security/same-origin';
import { findProjectIdBySlug } from '@/server/services/projects/projects';
import { resolveActor } from '@/server/auth/resolve-actor';

export type TProjectRouteContext = { db: Database; actor: TActor; project: TProjectAccess };

export function errorResponse(code: keyof typeof HTTP_STATUS_BY_CODE, message: string, details?: unknown): Response {
  return Response.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status: HTTP_STATUS_BY_CODE[code] });
}

/**
 * The HTTP API's door to one project, with the same checks as the tRPC procedures: same-origin for
 * cookie sessions, a bearer token or session, membership and role. Errors become JSON with a status.
 */
export async function handleProjectRoute(
  request: Request,
  slug: string,
  permission: TProjectPermission,
  handler: (context: TProjectRouteContext) => Promise<Response>,
): Promise<Response> {
  if (isCrossSiteRequest(request)) return errorResponse('FORBIDDEN', 'Cross-site request refused');
  try {
    const { db, auth } = await getAppServices();
    const actor = await resolveActor(db, auth, request.headers);
    if (!actor) return errorResponse('UNAUTHORIZED', 'Sign in, or send an API token as "Authorization: Bearer <token>"');
    const projectId = await findProjectIdBySlug(db, slug.slice(0, 64));
    if (projectId === null) {
      // A token for another project may not learn which slugs exist either.
      return errorResponse(actor.via === 'token' ? 'FORBIDDEN' : 'NOT_FOUND', 'Project not found');
    }
    const project = await authorizeProjectAccess(db, actor, projectId, permission);
    return await handler({ db, actor, project });
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error.code, error.message, error.details);
    console.error('[http] unexpected error:', error);
    return Response.json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on the server' } }, { status: 500 });
  }
}
