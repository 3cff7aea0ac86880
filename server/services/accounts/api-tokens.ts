import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { apiTokens, projectMembers, projects, users } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { parseGlobalRole } from '@/server/auth/roles';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';

const TOKEN_PREFIX = 'qrm_';
// Refreshing last_used_at on every call would turn each API read into a write.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Tokens are 192 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateSecret(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

export async function createApiToken(
  db: Database,
  actor: TActor,
  input: { projectId: number; name: string; expiresInDays: number | null },
): Promise<{ id: string; token: string; prefix: string }> {
  if (actor.via !== 'session') throw new AppError('FORBIDDEN', 'API tokens can only be created from a signed-in session');
  const [membership] = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, input.projectId), eq(projectMembers.userId, actor.userId)));
  if (!membership && actor.globalRole !== 'admin') throw new AppError('FORBIDDEN', 'You are not a member of that project');
  const token = generateSecret(TOKEN_PREFIX);
  const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: actor.userId, projectId: input.projectId, name: input.name, tokenHash: hashSecret(token), prefix, expiresAt })
      .returning({ id: apiTokens.id });
    if (!row) throw new Error('token insert returned nothing');
    await recordAuditEvent(tx, {
      actor,
      projectId: input.projectId,
      action: 'token.create',
      subjectType: 'api_token',
      subjectId: row.id,
      after: { name: input.name, prefix, expiresAt },
    });
    return { id: row.id, token, prefix };
  });
}

export async function listApiTokens(db: Database, userId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      projectId: apiTokens.projectId,
      projectSlug: projects.slug,
      projectName: projects.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(projects, eq(projects.id, apiTokens.projectId))
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeApiToken(db: Database, actor: TActor, tokenId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, projectId: apiTokens.projectId });
    if (!row) throw new AppError('NOT_FOUND', 'No such active token');
    await recordAuditEvent(tx, { actor, projectId: row.projectId, action: 'token.revoke', subjectType: 'api_token', subjectId: row.id });
  });
}

/** The actor behind a bearer token, or null when it is unknown, revoked, expired or its user is disabled. */
export async function authenticateApiToken(db: Database, token: string): Promise<TActor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
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
    .where(eq(apiTokens.tokenHash, hashSecret(token)));
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
