import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, TEST_PASSWORD, type TTestHarness } from '@/server/testing/harness';
import { headersFromPeer, installAppServices } from '@/server/testing/app-services';
import { countAllUsers, listAuditActions, readAccountState } from '@/server/testing/account-fixtures';
import { getLabelIds, PLAIN_QUEUE_SETTINGS, seedItems, setQueueSettings } from '@/server/testing/queue-fixtures';
import { parseTrustedProxies, type TTrustedProxies } from '@/server/security/trusted-proxies';
import { GET, POST } from './route';

const LIMIT = 5;

function trusted(value: string): TTrustedProxies {
  const parsed = parseTrustedProxies(value);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.proxies;
}

/** A sign-in as it reaches the route: over TCP from `peer`, with whatever headers the client chose. */
function signIn(email: string, password: string, peer: string, headers: Record<string, string> = {}) {
  return POST(
    new Request('http://localhost:3000/api/auth/sign-in/email', {
      method: 'POST',
      headers: headersFromPeer(peer, { 'content-type': 'application/json', origin: 'http://localhost:3000', ...headers }),
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe('sign-in through /api/auth (client address and back-off)', () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  const setup = async (trustedProxies?: TTrustedProxies) => {
    harness = await createTestHarness({ signInLimit: LIMIT });
    uninstall = installAppServices(harness, { trustedProxies });
  };
  afterEach(async () => {
    uninstall();
    await harness.close();
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy: rotating it does not reset the count', async () => {
    await setup();
    const user = await harness.createUser('Target');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LIMIT + 3; attempt++) {
      statuses.push((await signIn(user.email, 'wrong guess', '203.0.113.5', { 'x-forwarded-for': `10.9.9.${attempt}` })).status);
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 429, 429]);
    // Locked out, a fresh X-Forwarded-For (or our own header) does not let the right password in either.
    expect((await signIn(user.email, TEST_PASSWORD, '203.0.113.5', { 'x-forwarded-for': '10.9.9.9' })).status).toBe(429);
    expect((await signIn(user.email, TEST_PASSWORD, '203.0.113.5', { 'x-quorum-client-address': '10.9.9.9' })).status).toBe(429);
  });

  it.each(['127.0.0.1, 10.0.0.0/8', '2'])("never locks one address out with another's failures (trusted proxies %s)", async (proxies) => {
    await setup(trusted(proxies));
    const manager = await harness.createUser('Manager');
    for (let attempt = 0; attempt <= LIMIT; attempt++) {
      await signIn(manager.email, 'wrong guess', '127.0.0.1', { 'x-forwarded-for': `203.0.113.${attempt + 1}, 10.0.0.1` });
    }
    // The account is over the limit: an address that failed on it waits.
    expect((await signIn(manager.email, 'wrong guess', '127.0.0.1', { 'x-forwarded-for': '203.0.113.1, 10.0.0.1' })).status).toBe(429);
    // The manager, behind the same proxy chain from another address, signs in.
    expect((await signIn(manager.email, TEST_PASSWORD, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7, 10.0.0.1' })).status).toBe(200);
    // And so does anyone sending no forwarded header, from another peer.
    expect((await signIn(manager.email, TEST_PASSWORD, '192.0.2.44')).status).toBe(200);
  });

  it('behind trusted proxies, counts failures per real client address and per account', async () => {
    await setup(trusted('127.0.0.1'));
    const target = await harness.createUser('Target');
    // One client, hidden behind the proxy, cycling its claimed addresses: the proxy appended the real one.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LIMIT + 1; attempt++) {
      statuses.push((await signIn(target.email, 'guess', '127.0.0.1', { 'x-forwarded-for': `10.9.9.${attempt}, 198.51.100.1` })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    // Many addresses guessing one account: once the account is over the limit, an address that failed on it waits.
    const other = await harness.createUser('Other');
    for (let attempt = 0; attempt < LIMIT; attempt++) await signIn(other.email, 'guess', '127.0.0.1', { 'x-forwarded-for': `198.51.100.${100 + attempt}` });
    expect((await signIn(other.email, 'guess', '127.0.0.1', { 'x-forwarded-for': '198.51.100.100' })).status).toBe(429);
    // The owner, from an address that never failed, is not held back.
    expect((await signIn(other.email, TEST_PASSWORD, '127.0.0.1', { 'x-forwarded-for': '198.51.100.200' })).status).toBe(200);
  });

  it('backs off longer after each failure past the limit', async () => {
    await setup();
    const user = await harness.createUser('Slow');
    for (let attempt = 0; attempt < LIMIT; attempt++) await signIn(user.email, 'guess', '203.0.113.7');
    const first = await signIn(user.email, 'guess', '203.0.113.7');
    expect(first.status).toBe(429);
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(Number(first.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('refuses an oversized body with 413 before reading it', async () => {
    await setup();
    const huge = new Request('http://localhost:3000/api/auth/sign-in/email', {
      method: 'POST',
      headers: headersFromPeer('203.0.113.8', { 'content-type': 'application/json', 'content-length': String(600 * 1024 * 1024) }),
      body: '{}',
    });
    expect((await POST(huge)).status).toBe(413);
  });
});

/** The session cookie a successful sign-in sets, ready for a Cookie header. */
function sessionCookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('quorum.session_token='));
  if (!cookie) throw new Error(`no session cookie (status ${response.status})`);
  return cookie.split(';')[0] ?? '';
}

function postAsSignedIn(path: string, cookie: string, body: unknown) {
  return POST(
    new Request(`http://localhost:3000/api/auth${path}`, {
      method: 'POST',
      headers: headersFromPeer('203.0.113.20', { 'content-type': 'application/json', origin: 'http://localhost:3000', cookie }),
      body: JSON.stringify(body),
    }),
  );
}

describe("better-auth's own account endpoints are closed: account changes go through the app's rules", () => {
  let harness: TTestHarness;
  let uninstall: () => void;
  beforeAll(async () => {
    harness = await createTestHarness();
    uninstall = installAppServices(harness);
  });
  afterAll(async () => {
    uninstall();
    await harness.close();
  });

  async function signInCookie(email: string) {
    return sessionCookieOf(await signIn(email, TEST_PASSWORD, '203.0.113.20'));
  }

  it('refuses the only admin demoting themselves through /admin/set-role, and nothing changes', async () => {
    const admin = await harness.createUser('Sole Admin', 'admin');
    const cookie = await signInCookie(admin.email);
    const before = { account: await readAccountState(harness, admin.userId), audit: await listAuditActions(harness) };

    const response = await postAsSignedIn('/admin/set-role', cookie, { userId: admin.userId, role: 'user' });

    expect(response.status).toBe(404);
    expect({ account: await readAccountState(harness, admin.userId), audit: await listAuditActions(harness) }).toEqual(before);
    expect(before.account.user?.role).toBe('admin');
  });

  it('refuses /admin/remove-user on a user with annotations: her sessions, password and work stay', async () => {
    const admin = await harness.createUser('Remover', 'admin');
    const annotator = await harness.createUser('Worker Bee');
    const project = await harness.createProjectAs(admin, 'remove-probe');
    await harness.addToProject(project.id, annotator, 'annotator');
    await setQueueSettings(harness.db, project.id, PLAIN_QUEUE_SETTINGS);
    await seedItems(harness.db, project.id, [{}]);
    const annotatorCaller = harness.callerFor(annotator);
    const task = await annotatorCaller.label.next({ projectId: project.id });
    if (!task) throw new Error('no task');
    const [labelId] = await getLabelIds(harness.db, project.id);
    await annotatorCaller.label.submit({ projectId: project.id, itemId: task.itemId, labelId: labelId ?? 0, clientId: randomUUID() });
    const annotatorCookie = await signInCookie(annotator.email);
    const adminCookie = await signInCookie(admin.email);
    const before = await readAccountState(harness, annotator.userId);
    expect(before.sessions).toBe(1);
    expect(before.annotations).toBe(1);

    const response = await postAsSignedIn('/admin/remove-user', adminCookie, { userId: annotator.userId });

    expect(response.status).toBe(404);
    expect(await readAccountState(harness, annotator.userId)).toEqual(before);
    // She is still signed in.
    const session = await GET(new Request('http://localhost:3000/api/auth/get-session', { headers: headersFromPeer('203.0.113.21', { cookie: annotatorCookie }) }));
    expect(((await session.json()) as { user?: { id: string } } | null)?.user?.id).toBe(annotator.userId);
  });

  it.each([
    ['/admin/set-user-password', (userId: string) => ({ userId, newPassword: 'an admin-chosen secret' })],
    ['/admin/create-user', () => ({ email: 'side-door@test.quorum', password: 'an admin-chosen secret', name: 'Side Door' })],
    ['/admin/ban-user', (userId: string) => ({ userId })],
    ['/admin/impersonate-user', (userId: string) => ({ userId })],
    ['/admin/revoke-user-sessions', (userId: string) => ({ userId })],
    ['/admin/update-user', (userId: string) => ({ userId, data: { role: 'admin' } })],
    ['/change-password', () => ({ currentPassword: TEST_PASSWORD, newPassword: 'short pw 1', revokeOtherSessions: true })],
    ['/sign-up/email', () => ({ email: 'walk-in@test.quorum', password: 'a walk-in secret', name: 'Walk-in' })],
    ['/request-password-reset', () => ({ email: 'nobody@test.quorum' })],
    ['/reset-password', () => ({ newPassword: 'a reset secret', token: 'guess' })],
    ['/delete-user', () => ({ password: TEST_PASSWORD })],
    ['/revoke-sessions', () => ({})],
  ])('answers 404 for %s', async (path, body) => {
    const admin = await harness.createUser(`Prober ${path}`, 'admin');
    const target = await harness.createUser(`Target ${path}`);
    const snapshot = async () => ({
      users: await countAllUsers(harness),
      admin: await readAccountState(harness, admin.userId),
      target: await readAccountState(harness, target.userId),
      audit: await listAuditActions(harness),
    });
    const before = await snapshot();
    const response = await postAsSignedIn(path, await signInCookie(admin.email), body(target.userId));
    expect(response.status).toBe(404);
    // The prober's own sign-in added one session; nothing else moved.
    expect(await snapshot()).toEqual({
      ...before,
      admin: { ...before.admin, sessions: before.admin.sessions + 1 },
    });
  });

  it('still signs in, reads the session and signs out', async () => {
    const person = await harness.createUser('Everyday');
    const cookie = await signInCookie(person.email);
    const session = await GET(new Request('http://localhost:3000/api/auth/get-session', { headers: headersFromPeer('203.0.113.22', { cookie }) }));
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe(person.email);
    expect((await postAsSignedIn('/sign-out', cookie, {})).status).toBe(200);
  });
});
