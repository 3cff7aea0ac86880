import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { authenticateApiToken } from '@/server/auth/authenticate-api-token';
import { createApiToken } from '@/server/services/accounts/api-tokens';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';

/** Pages find their project by the slug in the URL through this procedure; who may see it is covered by the authorization walker. */
describe('project.bySlug', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let projectId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'by-slug')).id;
  });
  afterAll(() => harness.close());

  async function codeOf(call: Promise<unknown>): Promise<string> {
    return call.then(
      () => 'OK',
      (error: unknown) => (error instanceof TRPCError ? error.code : 'THREW'),
    );
  }

  it('answers what project.get answers for the same project', async () => {
    const caller = harness.callerFor(admin);
    expect(await caller.project.bySlug({ slug: 'by-slug' })).toEqual(await caller.project.get({ projectId }));
  });

  it('says not found for an unknown slug and for a project the caller may not see alike, so slugs cannot be probed', async () => {
    expect(await codeOf(harness.callerFor(admin).project.bySlug({ slug: 'no-such-project' }))).toBe('NOT_FOUND');
    const token = await createApiToken(harness.db, admin, { projectId, name: 'cli', expiresInDays: null });
    const tokenCaller = harness.callerFor(await authenticateApiToken(harness.db, token.token));
    expect(await codeOf(tokenCaller.project.bySlug({ slug: 'no-such-project' }))).toBe('NOT_FOUND');
    expect(await codeOf(tokenCaller.project.bySlug({ slug: 'by-slug' }))).toBe('OK');
    const outsider = await harness.createUser('Outsider');
    expect(await codeOf(harness.callerFor(outsider).project.bySlug({ slug: 'by-slug' }))).toBe('NOT_FOUND');
    const other = await harness.createProjectAs(admin, 'by-slug-other');
    expect(await codeOf(tokenCaller.project.bySlug({ slug: other.slug }))).toBe('NOT_FOUND');
  });
});
