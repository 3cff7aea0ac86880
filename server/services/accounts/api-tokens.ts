import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { apiTokens, projects } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { getMemberRole } from '@/server/auth/member-role';
import { API_TOKEN_PREFIX, generateSecret, hashSecret } from '@/server/auth/secrets';
import { AppError } from '@/server/errors';
import { recordAuditEvent } from '@/server/services/audit/audit-events';

export async function createApiToken(
  db: Database,
  actor: TActor,
  input: { projectId: number; name: string; expiresInDays: number | null },
): Promise<{ id: string; token: string; prefix: string }> {
  if (actor.via !== 'session') throw new AppError('FORBIDDEN', 'API tokens can only be created from a signed-in session');
  const membership = await getMemberRole(db, input.projectId, actor.userId);
  if (!membership && actor.globalRole !== 'admin') throw new AppError('FORBIDDEN', 'You are not a member of that project');
  const token = generateSecret(API_TOKEN_PREFIX);
  const prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
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
