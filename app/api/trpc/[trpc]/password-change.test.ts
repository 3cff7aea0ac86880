import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TActor } from '@/server/auth/actor';
import { createTestHarness, TEST_PASSWORD, type TTestHarness } from '@/server/testing/harness';
import { headersFromPeer, installAppServices } from '@/server/testing/app-services';
import { listAuditActions, readAccountState } from '@/server/testing/account-fixtures';
import { POST as authPost } from '../../auth/[...all]/route';
import { GET as projectsApi } from '../../v1/projects/route';
import { GET, POST } from './route';

const ORIGIN = 'http://localhost:3000';
const INITIAL_PASSWORD = 'an admin chose this one';
const NEW_PASSWORD = 'violet marmalade tugboat';
const SIGN_IN_LIMIT = 10;

/** Signs in through /api/auth as a browser would; the session cookie, or null when refused. */
async function signIn(email: string, password: string): Promise<string | null> {
  const response = await authPost(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: headersFromPeer('198.51.100.30', { 'content-type': 'application/json', origin: ORIGIN }),
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('quorum.session_token='));
  return response.status === 200 && cookie ? (cookie.split(';')[0] ?? null) : null;
}

async function query(path: string, cookie: string) {
  const response = await GET(new Request(`${ORIGIN}/api/trpc/${path}`, { headers: { cookie } }));
  return { status: response.status, body: (await response.json()) as { result?: { data: { json: Record<string, unknown> } }; error?: { json: { message: string } } } };
}

async function mutate(path: string, cookie: string, input: unknown) {
  const response = await POST(
    new Request(`${ORIGIN}/api/trpc/${path}`, {
      method: 'POST',
      headers: { cookie, origin: ORIGIN, host: 'localhost:3000', 'content-type': 'application/json' },
      body: JSON.stringify(superjson.serialize(input)),
    }),
  );
  return { status: response.status, body: (await response.json()) as { error?: { json: { message: string } } } };
}

describe('changing a password over /api/trpc', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  let admin: TActor;

  beforeAll(async () => {
    harness = await createTestHarness({ signInLimit: SIGN_IN_LIMIT });
    uninstall = installAppServices(harness);
    admin = await harness.createUser('Admin', 'admin');
  });
  afterAll(async () => {
    uninstall();
    await harness.close();
  });

  it('holds an account an admin created at the change-password page until its owner replaces the password', async () => {
    const created = await harness.callerFor(admin).admin.createUser({ name: 'Nora New', email: 'nora@test.quorum', password: INITIAL_PASSWORD });
    const cookie = await signIn('nora@test.quorum', INITIAL_PASSWORD);
    if (!cookie) throw new Error('sign-in refused');

    // Only what the change page needs answers: who she is, and the change itself.
    const projects = await query('project.list', cookie);
    expect(projects.status).toBe(403);
    expect(projects.body.error?.json.message).toBe('Change your password first');
    expect((await query('me.tokens', cookie)).status).toBe(403);
    expect((await projectsApi(new Request(`${ORIGIN}/api/v1/projects`, { headers: { cookie } }))).status).toBe(401);
    expect((await query('me.get', cookie)).body.result?.data.json).toMatchObject({ email: 'nora@test.quorum', mustChangePassword: true });
    // better-auth's profile update cannot lift the hold.
    await authPost(
      new Request(`${ORIGIN}/api/auth/update-user`, {
        method: 'POST',
        headers: headersFromPeer('198.51.100.30', { 'content-type': 'application/json', origin: ORIGIN, cookie }),
        body: JSON.stringify({ mustChangePassword: false }),
      }),
    );
    expect((await readAccountState(harness, created.id)).user?.mustChangePassword).toBe(true);

    const wrongCurrent = await mutate('me.changePassword', cookie, { currentPassword: 'not it at all', newPassword: NEW_PASSWORD });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.error?.json.message).toBe('The current password is not right');
    const weak = await mutate('me.changePassword', cookie, { currentPassword: INITIAL_PASSWORD, newPassword: 'nora2024!' });
    expect(weak.status).toBe(400);
    expect(weak.body.error?.json.message).toMatch(/^This password is too easy to guess\./);
    expect((await readAccountState(harness, created.id)).user?.mustChangePassword).toBe(true);

    expect((await mutate('me.changePassword', cookie, { currentPassword: INITIAL_PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(200);

    expect((await query('project.list', cookie)).status).toBe(200);
    expect((await query('me.get', cookie)).body.result?.data.json).toMatchObject({ mustChangePassword: false });
    expect(await signIn('nora@test.quorum', INITIAL_PASSWORD)).toBeNull();
    expect(await signIn('nora@test.quorum', NEW_PASSWORD)).not.toBeNull();
    expect((await listAuditActions(harness)).filter((event) => event.subjectId === created.id).map((event) => event.action)).toEqual(['user.create', 'user.password']);
  });

  it('signs out every other session and keeps this one', async () => {
    const person = await harness.createUser('Two Laptops');
    const here = await signIn(person.email, TEST_PASSWORD);
    const there = await signIn(person.email, TEST_PASSWORD);
    if (!here || !there) throw new Error('sign-in refused');
    const passwordBefore = (await readAccountState(harness, person.userId)).passwordHashes;

    const changed = await mutate('me.changePassword', here, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });

    expect(changed.status).toBe(200);
    expect((await query('me.get', here)).status).toBe(200);
    expect((await query('me.get', there)).status).toBe(401);
    const after = await readAccountState(harness, person.userId);
    expect(after.sessions).toBe(1);
    expect(after.passwordHashes).not.toEqual(passwordBefore);
    expect(after.passwordHashes[0]).not.toContain(NEW_PASSWORD);
    const audit = (await listAuditActions(harness)).filter((event) => event.subjectId === person.userId && event.action === 'user.password');
    expect(audit.map((event) => event.after)).toEqual([{ otherSessionsSignedOut: 1 }]);
  });

  it('refuses the same password again, and a new one built from the name or e-mail', async () => {
    const person = await harness.createUser('Bartholomew Quince');
    const cookie = await signIn(person.email, TEST_PASSWORD);
    if (!cookie) throw new Error('sign-in refused');
    expect((await mutate('me.changePassword', cookie, { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD })).status).toBe(400);
    const fromName = await mutate('me.changePassword', cookie, { currentPassword: TEST_PASSWORD, newPassword: 'bartholomewquince' });
    expect(fromName.status).toBe(400);
    expect(fromName.body.error?.json.message).toMatch(/too easy to guess/);
  });

  it('backs off wrong current passwords like wrong sign-ins, so a stolen session cannot guess the password', async () => {
    const person = await harness.createUser('Stolen Session');
    const cookie = await signIn(person.email, TEST_PASSWORD);
    if (!cookie) throw new Error('sign-in refused');
    const before = (await readAccountState(harness, person.userId)).passwordHashes;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < SIGN_IN_LIMIT + 2; attempt++) {
      statuses.push((await mutate('me.changePassword', cookie, { currentPassword: `guess number ${attempt}`, newPassword: NEW_PASSWORD })).status);
    }
    expect(statuses.slice(0, SIGN_IN_LIMIT)).toEqual(Array.from({ length: SIGN_IN_LIMIT }, () => 400));
    expect(statuses.slice(SIGN_IN_LIMIT)).toEqual([429, 429]);
    // Even the right password waits now: the guesser cannot tell when they hit it.
    const right = await mutate('me.changePassword', cookie, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(right.status).toBe(429);
    expect(right.body.error?.json.message).toMatch(/Too many wrong passwords/);
    expect((await readAccountState(harness, person.userId)).passwordHashes).toEqual(before);
  });
});
