import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { readAccountState } from '@/server/testing/account-fixtures';
import { createTestHarness, TEST_PASSWORD, type TTestHarness } from '@/server/testing/harness';

describe('invite links', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let projectId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
    projectId = (await harness.createProjectAs(admin, 'invited')).id;
  });
  afterAll(() => harness.close());

  it('creates an account with the invited project role, and works only once', async () => {
    const invite = await harness.callerFor(admin).admin.createInvite({ projectId, projectRole: 'reviewer' });
    const anonymous = harness.callerFor(null);
    expect(await anonymous.setup.describeInvite({ token: invite.token })).toMatchObject({ projectName: 'invited', projectRole: 'reviewer' });
    const { userId } = await anonymous.setup.acceptInvite({ token: invite.token, name: 'Rita', email: 'rita@test.quorum', password: TEST_PASSWORD });
    const rita: TActor = { userId, name: 'Rita', email: 'rita@test.quorum', globalRole: 'user', via: 'session' };
    expect((await harness.callerFor(rita).project.get({ projectId })).role).toBe('reviewer');
    await expect(
      anonymous.setup.acceptInvite({ token: invite.token, name: 'Eve', email: 'eve@test.quorum', password: TEST_PASSWORD }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await anonymous.setup.describeInvite({ token: invite.token })).toBeNull();
  });

  it('holds an e-mail restriction, and a failed attempt leaves the invite usable', async () => {
    const invite = await harness.callerFor(admin).admin.createInvite({ email: 'sam@test.quorum' });
    const anonymous = harness.callerFor(null);
    await expect(
      anonymous.setup.acceptInvite({ token: invite.token, name: 'Not Sam', email: 'other@test.quorum', password: TEST_PASSWORD }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await anonymous.setup.acceptInvite({ token: invite.token, name: 'Sam', email: 'SAM@test.quorum', password: TEST_PASSWORD });
  });

  it('refuses an easily guessed password, keeps the invite usable, and does not ask the owner to change a password they chose', async () => {
    const invite = await harness.callerFor(admin).admin.createInvite({ email: 'pia@test.quorum' });
    const anonymous = harness.callerFor(null);
    await expect(anonymous.setup.acceptInvite({ token: invite.token, name: 'Pia', email: 'pia@test.quorum', password: 'letmein123' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/too easy to guess/),
    });
    const { userId } = await anonymous.setup.acceptInvite({ token: invite.token, name: 'Pia', email: 'pia@test.quorum', password: TEST_PASSWORD });
    expect((await readAccountState(harness, userId)).user?.mustChangePassword).toBe(false);
  });

  it('stops working when revoked, and rejects unknown tokens', async () => {
    const caller = harness.callerFor(admin);
    const invite = await caller.admin.createInvite({});
    expect((await caller.admin.invites()).map((open) => open.id)).toContain(invite.id);
    await caller.admin.revokeInvite({ inviteId: invite.id });
    expect((await caller.admin.invites()).map((open) => open.id)).not.toContain(invite.id);
    const anonymous = harness.callerFor(null);
    await expect(
      anonymous.setup.acceptInvite({ token: invite.token, name: 'Late', email: 'late@test.quorum', password: TEST_PASSWORD }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await anonymous.setup.describeInvite({ token: 'inv_made-up-token' })).toBeNull();
  });

  it('requires both a project and a role, or neither', async () => {
    await expect(harness.callerFor(admin).admin.createInvite({ projectId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
