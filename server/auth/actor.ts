import type { TGlobalRole, TProjectRole } from './roles';

/** Who is calling: a signed-in browser session, or an API token bound to one project. */
export type TActor = {
  userId: string;
  name: string;
  email: string;
  globalRole: TGlobalRole;
} & (
  | { via: 'session' }
  | {
      via: 'token';
      tokenId: string;
      tokenProjectId: number;
      /** The holder's role in the token's project, read with the token (null: not a member); absent when not read. */
      tokenProjectRole?: TProjectRole | null;
    }
);

export function isAdmin(actor: TActor): boolean {
  return actor.globalRole === 'admin';
}

export function canCreateProjects(actor: TActor): boolean {
  return actor.via === 'session' && (actor.globalRole === 'admin' || actor.globalRole === 'manager');
}
