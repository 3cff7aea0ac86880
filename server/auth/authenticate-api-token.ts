import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { apiTokens, projectMembers, users } from '@/db/schema';
import type { TActor } from './actor';
import { parseGlobalRole } from './roles';
import { API_TOKEN_PREFIX, hashSecret } from './secrets';

// Refreshing last_used_at on every call would turn each API read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

/** The actor behind a bearer token, or null when it is unknown, revoked, expired or its user is disabled. */
export async function authenticateApiToken(db: Database, token: string): Promise<TActor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({
      id: apiTokens.id,
      projectId: apiTokens.projectId,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      banned: users.banned,
      memberRole: projectMembers.role,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    // The token reaches one project: its membership comes along, so the access check needs no second query.
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, apiTokens.projectId), eq(projectMembers.userId, apiTokens.userId)))
    .where(eq(apiTokens.tokenHash, sql.placeholder('hash')))
    // Every API request runs it: named, PostgreSQL plans it once per connection (planning cost more than running it).
    .prepare('authenticate_api_token')
    .execute({ hash: hashSecret(token) });
  const now = Date.now();
  if (!row || row.revokedAt || row.banned || (row.expiresAt && row.expiresAt.getTime() <= now)) return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.id));
  }
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    globalRole: parseGlobalRole(row.role),
    via: 'token',
    tokenId: row.id,
    tokenProjectId: row.projectId,
    tokenProjectRole: row.memberRole,
  };
}
