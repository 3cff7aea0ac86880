import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createTestDatabase } from '@/db/testing';
import { checkSignInAttempt, recordSignInFailure, recordSignInSuccess } from './sign-in-limit';

const LIMIT = 3;
const MINUTE = 60_000;

describe('sign-in back-off', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  it('doubles the wait after each failure past the limit, up to an hour, and forgets after a quiet spell', async () => {
    const attempt = { email: 'a@x.org', address: '203.0.113.1' };
    let now = Date.parse('2026-01-01T00:00:00Z');
    for (let failure = 0; failure < LIMIT; failure++) await recordSignInFailure(handle.db, attempt, LIMIT, now);
    expect(await checkSignInAttempt(handle.db, attempt, LIMIT, now)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    const waits: number[] = [];
    for (let round = 0; round < 8; round++) {
      const verdict = await checkSignInAttempt(handle.db, attempt, LIMIT, now);
      waits.push(verdict.allowed ? 0 : verdict.retryAfterSeconds);
      now += verdict.allowed ? 0 : verdict.retryAfterSeconds * 1000;
      expect(await checkSignInAttempt(handle.db, attempt, LIMIT, now)).toEqual({ allowed: true });
      await recordSignInFailure(handle.db, attempt, LIMIT, now);
    }
    expect(waits).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
    now += 60 * MINUTE + 15 * MINUTE;
    expect(await checkSignInAttempt(handle.db, attempt, LIMIT, now)).toEqual({ allowed: true });
    await recordSignInFailure(handle.db, attempt, LIMIT, now);
    expect(await checkSignInAttempt(handle.db, attempt, LIMIT, now)).toEqual({ allowed: true });
  });

  it('holds an account over the limit only against addresses that failed on it; success clears that pair', async () => {
    const now = Date.parse('2026-02-01T00:00:00Z');
    const email = 'target@x.org';
    for (let index = 0; index < LIMIT; index++) await recordSignInFailure(handle.db, { email, address: `198.51.100.${index}` }, LIMIT, now);
    expect((await checkSignInAttempt(handle.db, { email, address: '198.51.100.0' }, LIMIT, now)).allowed).toBe(false);
    expect((await checkSignInAttempt(handle.db, { email, address: '192.0.2.9' }, LIMIT, now)).allowed).toBe(true);
    expect((await checkSignInAttempt(handle.db, { email: 'other@x.org', address: '198.51.100.0' }, LIMIT, now)).allowed).toBe(true);
    await recordSignInSuccess(handle.db, { email, address: '198.51.100.0' });
    expect((await checkSignInAttempt(handle.db, { email, address: '198.51.100.0' }, LIMIT, now)).allowed).toBe(true);
  });
});
