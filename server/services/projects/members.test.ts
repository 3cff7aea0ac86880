import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, type TTestHarness } from '@/server/testing/harness';

describe('project members', () => {
  let harness: TTestHarness;
  let admin: TActor;
  let manager: TActor;
  let projectId: number;

  beforeAll(async () => {
    harness = await createTestHarness();
    admin = await harness.createUser('Admin', 'admin');
    manager = await harness.createUser('Manager', 'manager');
    projectId = (await harness.createProjectAs(manager, 'members')).id;
  });
  afterAll(() => harness.close());

  it('adds existing accounts by e-mail and refuses unknown or duplicate ones', async () => {
    const caller = harness.callerFor(manager);
    const annotator = await harness.createUser('Annotator');
    await caller.project.addMember({ projectId, email: annotator.email.toUpperCase(), role: 'annotator' });
    await expect(caller.project.addMember({ projectId, email: annotator.email, role: 'reviewer' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(caller.project.addMember({ projectId, email: 'nobody@test.quorum', role: 'annotator' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const members = await caller.project.members({ projectId });
    expect(members.map((member) => [member.name, member.role])).toEqual([
      ['Annotator', 'annotator'],
      ['Manager', 'manager'],
    ]);
    const log = await caller.project.auditLog({ projectId });
    expect(log.map((event) => event.action)).toContain('member.add');
  });

  it('never leaves a project without a manager', async () => {
    const caller = harness.callerFor(manager);
    await expect(caller.project.setMemberRole({ projectId, userId: manager.userId, role: 'annotator' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.project.removeMember({ projectId, userId: manager.userId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const second = await harness.createUser('Second Manager');
    await caller.project.addMember({ projectId, email: second.email, role: 'manager' });
    await caller.project.setMemberRole({ projectId, userId: manager.userId, role: 'reviewer' });
    // The demoted manager has lost the right to manage members.
    await expect(caller.project.members({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await harness.callerFor(admin).project.removeMember({ projectId, userId: manager.userId });
    await expect(harness.callerFor(manager).project.get({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
