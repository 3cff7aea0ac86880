import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { createTestDatabase } from '@/db/testing';
import { beginSignInAttempt, finishSignInAttempt, type TSignInAttempt } from './sign-in-limit';

const LIMIT = 3;
const MINUTE = 60_000;

describe('sign-in back-off', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  const fail = async (attempt: TSignInAttempt, now: number) => {
    const verdict = await beginSignInAttempt(handle.db, attempt, LIMIT, now);
    if (verdict.allowed) await finishSignInAttempt(handle.db, attempt, 'wrong-password');
    return verdict;
  };

  it('doubles the wait after each failure past the limit, up to an hour, and forgets after a quiet spell', async () => {
    const attempt = { email: 'a@x.org', address: '203.0.113.1' };
    let now = Date.parse('2026-01-01T00:00:00Z');
    for (let failure = 0; failure < LIMIT; failure++) expect((await fail(attempt, now)).allowed).toBe(true);
    const waits: number[] = [];
    for (let round = 0; round < 8; round++) {
      const verdict = await fail(attempt, now);
      expect(verdict.allowed).toBe(false);
      if (verdict.allowed) return;
      waits.push(verdict.retryAfterSeconds);
      now += verdict.retryAfterSeconds * 1000;
      expect((await fail(attempt, now)).allowed).toBe(true);
    }
    expect(waits).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
    now += 60 * MINUTE + 15 * MINUTE;
    expect((await fail(attempt, now)).allowed).toBe(true);
    expect((await fail(attempt, now)).allowed).toBe(true);
  });

  it('holds an account over the limit only against addresses that failed on it; the right password clears that pair', async () => {
    const now = Date.parse('2026-02-01T00:00:00Z');
    const email = 'target@x.org';
    for (let index = 0; index < LIMIT; index++) await fail({ email, address: `198.51.100.${index}` }, now);
    expect((await beginSignInAttempt(handle.db, { email, address: '198.51.100.0' }, LIMIT, now)).allowed).toBe(false);
    const owner = { email, address: '192.0.2.9' };
    expect((await beginSignInAttempt(handle.db, owner, LIMIT, now)).allowed).toBe(true);
    await finishSignInAttempt(handle.db, owner, 'signed-in');
    expect((await beginSignInAttempt(handle.db, { email: 'other@x.org', address: '198.51.100.0' }, LIMIT, now)).allowed).toBe(true);
  });

  it('counts parallel guesses: they cannot all pass the check before the first failure is written', async () => {
    const now = Date.parse('2026-03-01T00:00:00Z');
    const attempt = { email: 'parallel@x.org', address: '203.0.113.50' };
    const verdicts = await Promise.all(Array.from({ length: LIMIT + 5 }, () => beginSignInAttempt(handle.db, attempt, LIMIT, now)));
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(LIMIT);
  });
});
