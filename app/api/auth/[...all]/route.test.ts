import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness, TEST_PASSWORD, type TTestHarness } from '@/server/testing/harness';
import { headersFromPeer, installAppServices } from '@/server/testing/app-services';
import { parseTrustedProxies, type TTrustedProxies } from '@/server/security/trusted-proxies';
import { POST } from './route';

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
