import type { Database } from '@/db/client';
import { AppError } from '@/server/errors';
import { isAdmin, type TActor } from './actor';
import { getMemberRole } from './member-role';
import { hasProjectPermission, type TProjectPermission, type TProjectRole } from './roles';

export type TProjectAccess = { id: number; role: TProjectRole | 'admin' };

/** The caller's role in the project, or null when the project is not theirs to see (or a token is for another project). */
async function resolveProjectRole(db: Database, actor: TActor, projectId: number): Promise<TProjectRole | 'admin' | null> {
  if (actor.via === 'token' && actor.tokenProjectId !== projectId) return null;
  const memberRole = actor.via === 'token' && actor.tokenProjectRole !== undefined ? actor.tokenProjectRole : await getMemberRole(db, projectId, actor.userId);
  return memberRole ?? (isAdmin(actor) ? 'admin' : null);
}

function authorizeRole(projectId: number, role: TProjectRole | 'admin', permission: TProjectPermission): TProjectAccess {
  if (!hasProjectPermission(role, permission)) throw new AppError('FORBIDDEN', 'Your role in this project does not allow this');
  return { id: projectId, role };
}

/**
 * The one membership check behind every project-scoped door (tRPC procedures, HTTP routes): the
 * caller must be a member whose role grants `permission` (admins always pass), and an API token only
 * reaches the project it was issued for. Non-members learn nothing about the project.
 */
export async function authorizeProjectAccess(db: Database, actor: TActor, projectId: number, permission: TProjectPermission): Promise<TProjectAccess> {
  if (actor.via === 'token' && actor.tokenProjectId !== projectId) {
    throw new AppError('FORBIDDEN', 'This API token belongs to another project');
  }
  const role = await resolveProjectRole(db, actor, projectId);
  if (!role) throw new AppError('FORBIDDEN', 'You are not a member of this project');
  return authorizeRole(projectId, role, permission);
}

/**
 * The same check for doors that find the project by its slug (pages, the HTTP API): a project the
 * caller may not see answers exactly like a slug that does not exist, 404, so slugs cannot be probed.
 * A member whose role falls short still gets 403: they know the project exists.
 */
export async function authorizeProjectAccessBySlug(db: Database, actor: TActor, projectId: number | null, permission: TProjectPermission): Promise<TProjectAccess> {
  const role = projectId === null ? null : await resolveProjectRole(db, actor, projectId);
  if (projectId === null || !role) throw new AppError('NOT_FOUND', 'Project not found');
  return authorizeRole(projectId, role, permission);
}
