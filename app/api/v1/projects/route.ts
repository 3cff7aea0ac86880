import { getAppServices } from '@/server/app-services';
import { errorResponse } from '@/server/http/project-route';
import { listProjectsForActor } from '@/server/services/projects/projects';
import { resolveActor } from '@/server/auth/resolve-actor';

/** The projects the caller can see (an API token: its own project). */
export async function GET(request: Request) {
  const { db, auth } = await getAppServices();
  const actor = await resolveActor(db, auth, request.headers);
  if (!actor) return errorResponse('UNAUTHORIZED', 'Sign in, or send an API token as "Authorization: Bearer <token>"');
  return Response.json(await listProjectsForActor(db, actor));
}
