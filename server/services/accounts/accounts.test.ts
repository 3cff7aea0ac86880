import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '@/db/schema';
import { createTestHarness, TEST_PASSWORD, type TTestHarness } from '@/server/testing/harness';
import { authenticateApiToken } from '@/server/auth/authenticate-api-token';
import { listAuditActions, readAccountState } from '@/server/testing/account-fixtures';
import { createApiToken } from './api-tokens';
import { findUserIdByEmail } from './invites';

async function signIn(harness: TTestHarness, email: string, password = TEST_PASSWORD) {
  return harness.auth.handler(
    new Request('http://localhost:3000/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe('accounts', () => {
  let harness: TTestHarness;

  beforeAll(async () => {
    harness = await createTestHarness();
  });
  afterAll(() => harness.close());

  it('lets exactly one first admin be created, even under concurrent requests', async () => {
    const anonymous = harness.callerFor(null);
    expect(await anonymous.setup.status()).toEqual({ needsSetup: true });
    // An easily guessed password is refused, and the instance is still waiting for its admin.
    await expect(anonymous.setup.createFirstAdmin({ name: 'Hasty', email: 'hasty@first.quorum', password: 'password1234' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/too easy to guess/),
    });
    expect(await anonymous.setup.status()).toEqual({ needsSetup: true });
    const attempts = await Promise.allSettled(
      ['a', 'b', 'c'].map((who) => anonymous.setup.createFirstAdmin({ name: who, email: `${who}@first.quorum`, password: TEST_PASSWORD })),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    expect(await anonymous.setup.status()).toEqual({ needsSetup: false });
    const admins = (await harness.callerFor(await harness.createUser('Helper', 'admin')).admin.users()).filter((user) => user.email.endsWith('@first.quorum'));
    expect(admins).toHaveLength(1);
    expect(admins[0]?.globalRole).toBe('admin');
    // The first admin chose their own password: nothing to replace.
    expect((await readAccountState(harness, admins[0]?.id ?? '')).user?.mustChangePassword).toBe(false);
    await expect(anonymous.setup.createFirstAdmin({ name: 'late', email: 'late@first.quorum', password: TEST_PASSWORD })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('stores passwords hashed, rejects wrong passwords and has no open sign-up', async () => {
    const user = await harness.createUser('Signer');
    expect((await signIn(harness, user.email)).status).toBe(200);
    expect((await signIn(harness, user.email, 'wrong password')).status).toBe(401);
    const accountsRows = await harness.db.query.accounts.findMany({ where: (table, { eq: equals }) => equals(table.userId, user.userId) });
    expect(accountsRows[0]?.password).toBeTruthy();
    expect(accountsRows[0]?.password).not.toContain(TEST_PASSWORD);
    const signUp = await harness.auth.handler(
      new Request('http://localhost:3000/api/auth/sign-up/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
        body: JSON.stringify({ email: 'walk-in@test.quorum', password: TEST_PASSWORD, name: 'Walk-in' }),
      }),
    );
    expect(signUp.status).toBeGreaterThanOrEqual(400);
  });

  it('rejects duplicate e-mails and weak passwords', async () => {
    const admin = await harness.createUser('Admin Two', 'admin');
    const caller = harness.callerFor(admin);
    await caller.admin.createUser({ name: 'Dup', email: 'dup@test.quorum', password: TEST_PASSWORD });
    await expect(caller.admin.createUser({ name: 'Dup', email: 'DUP@test.quorum', password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(caller.admin.createUser({ name: 'Weak', email: 'weak@test.quorum', password: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.admin.createUser({ name: 'Weak', email: 'weak@test.quorum', password: 'password1234' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.admin.createUser({ name: 'Gwendolyn Weak', email: 'weak@test.quorum', password: 'gwendolyn2024' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/too easy to guess/),
    });
    expect(await findUserIdByEmail(harness.db, 'weak@test.quorum')).toBeNull();
  });

  it('has the owner of an account an admin created replace the password the admin chose', async () => {
    const admin = await harness.createUser('Admin Three', 'admin');
    const created = await harness.callerFor(admin).admin.createUser({ name: 'Fresh', email: 'fresh@test.quorum', password: TEST_PASSWORD });
    expect((await readAccountState(harness, created.id)).user?.mustChangePassword).toBe(true);
    const audit = (await listAuditActions(harness)).filter((event) => event.subjectId === created.id);
    expect(audit).toEqual([{ action: 'user.create', subjectId: created.id, after: expect.objectContaining({ mustChangePassword: true }) }]);
  });

  it('keeps one active admin, and disabling signs the user out and stops their tokens', async () => {
    const admin = await harness.createUser('Only Admin', 'admin');
    const caller = harness.callerFor(admin);
    const others = (await caller.admin.users()).filter((user) => user.globalRole === 'admin' && user.id !== admin.userId);
    for (const other of others) await caller.admin.setGlobalRole({ userId: other.id, role: 'user' });
    await expect(caller.admin.setGlobalRole({ userId: admin.userId, role: 'user' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.admin.setUserDisabled({ userId: admin.userId, disabled: true })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const worker = await harness.createUser('Worker', 'manager');
    const project = await harness.createProjectAs(worker, 'disable-me');
    const token = await createApiToken(harness.db, worker, { projectId: project.id, name: 'cli', expiresInDays: null });
    expect((await signIn(harness, worker.email)).status).toBe(200);
    await caller.admin.setUserDisabled({ userId: worker.userId, disabled: true });
    expect(await harness.db.select().from(sessions).where(eq(sessions.userId, worker.userId))).toEqual([]);
    expect(await authenticateApiToken(harness.db, token.token)).toBeNull();
    expect((await signIn(harness, worker.email)).status).toBeGreaterThanOrEqual(400);
    await caller.admin.setUserDisabled({ userId: worker.userId, disabled: false });
    expect((await signIn(harness, worker.email)).status).toBe(200);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 after the configured attempts per minute from one address', async () => {
    const harness = await createTestHarness({ signInLimit: 3 });
    try {
      const user = await harness.createUser('Target');
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt++) statuses.push((await signIn(harness, user.email, 'guess')).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // The right password is refused too while the limit holds.
      expect((await signIn(harness, user.email)).status).toBe(429);
    } finally {
      await harness.close();
    }
  });
});
