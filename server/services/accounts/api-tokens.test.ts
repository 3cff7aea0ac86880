import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '@/db/schema';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';
import { removeMember, setMemberRole } from '@/server/services/projects/members';
import { authenticateApiToken } from '@/server/auth/authenticate-api-token';
import { hashSecret } from '@/server/auth/secrets';

describe('API tokens', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let member: TActor;
  let projectId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
    member = await harness.createUser('Member');
    projectId = (await harness.createProjectAs(admin, 'tokens')).id;
    await harness.addToProject(projectId, member, 'annotator');
  });
  afterAll(() => harness.close());

  it('is shown once and stored only as a hash', async () => {
    const caller = harness.callerFor(member);
    const created = await caller.me.createToken({ projectId, name: 'laptop' });
    expect(created.token).toMatch(/^qrm_[A-Za-z0-9_-]{32}$/);
    const dump = await harness.db.execute(sql`select * from api_tokens`);
    expect(JSON.stringify(dump.rows)).not.toContain(created.token);
    const [row] = await harness.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row?.tokenHash).toBe(hashSecret(created.token));
    const listed = await caller.me.tokens();
    expect(listed[0]).toMatchObject({ name: 'laptop', prefix: created.token.slice(0, 10), lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);
  });

  it('authenticates as its user in its project only, and stops when revoked or expired', async () => {
    const caller = harness.callerFor(member);
    const created = await caller.me.createToken({ projectId, name: 'script', expiresInDays: null });
    const actor = await authenticateApiToken(harness.db, created.token);
    expect(actor).toMatchObject({ userId: member.userId, via: 'token', tokenProjectId: projectId });
    expect(await authenticateApiToken(harness.db, `${created.token}x`)).toBeNull();
    expect(await authenticateApiToken(harness.db, 'not-a-token')).toBeNull();

    await caller.me.revokeToken({ tokenId: created.id });
    expect(await authenticateApiToken(harness.db, created.token)).toBeNull();
    await expect(caller.me.revokeToken({ tokenId: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const expiring = await caller.me.createToken({ projectId, name: 'short', expiresInDays: 1 });
    await harness.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expiring.id));
    expect(await authenticateApiToken(harness.db, expiring.token)).toBeNull();
  });

  it('cannot be issued for a project the user is not in, nor by another token', async () => {
    const outsider = await harness.createUser('Outsider');
    await expect(harness.callerFor(outsider).me.createToken({ projectId, name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const created = await harness.callerFor(member).me.createToken({ projectId, name: 'cli' });
    const tokenActor = await authenticateApiToken(harness.db, created.token);
    await expect(harness.callerFor(tokenActor).me.createToken({ projectId, name: 'y' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('follows the holder\'s membership as it is at each request', async () => {
    const holder = await harness.createUser('Holder');
    await harness.addToProject(projectId, holder, 'reviewer');
    const created = await harness.callerFor(holder).me.createToken({ projectId, name: 'ci' });
    const asReviewer = await authenticateApiToken(harness.db, created.token);
    expect(asReviewer).toMatchObject({ tokenProjectRole: 'reviewer' });
    await expect(harness.callerFor(asReviewer).review.queue({ projectId })).resolves.toBeDefined();

    await setMemberRole(harness.db, admin, projectId, holder.userId, 'annotator');
    const asAnnotator = await authenticateApiToken(harness.db, created.token);
    await expect(harness.callerFor(asAnnotator).review.queue({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await removeMember(harness.db, admin, projectId, holder.userId);
    const removed = await authenticateApiToken(harness.db, created.token);
    expect(removed).toMatchObject({ tokenProjectRole: null });
    await expect(harness.callerFor(removed).label.next({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
