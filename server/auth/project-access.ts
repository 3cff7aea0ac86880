import type { Database } from '@/db/client';
import { AppError } from '@/server/errors';
import { isAdmin, type TActor } from './actor';
import { getMemberRole } from './member-role';
import { hasProjectPermission, type TProjectPermission, type TProjectRole } from './roles';

export type TProjectAccess = { id: number; role: TProjectRole | 'admin' };

/**
 * The one membership check behind every project-scoped door (tRPC procedures, HTTP routes): the
 * caller must be a member whose role grants `permission` (admins always pass), and an API token only
 * reaches the project it was issued for. Non-members learn nothing about the project.
 */
export async function authorizeProjectAccess(db: Database, actor: TActor, projectId: number, permission: TProjectPermission): Promise<TProjectAccess> {
  if (actor.via === 'token' && actor.tokenProjectId !== projectId) {
    throw new AppError('FORBIDDEN', 'This API token belongs to another project');
  }
  const memberRole = actor.via === 'token' && actor.tokenProjectRole !== undefined ? actor.tokenProjectRole : await getMemberRole(db, projectId, actor.userId);
  const role: TProjectRole | 'admin' | null = memberRole ?? (isAdmin(actor) ? 'admin' : null);
  if (!role) throw new AppError('FORBIDDEN', 'You are not a member of this project');
  if (!hasProjectPermission(role, permission)) throw new AppError('FORBIDDEN', 'Your role in this project does not allow this');
  return { id: projectId, role };
}
