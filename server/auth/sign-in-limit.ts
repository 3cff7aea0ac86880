import { inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { signInFailures } from '@/db/schema';

/**
 * Failed sign-ins back off, counted three ways: by client address (one address guessing across
 * accounts), by account (many addresses guessing one account), and by account and address together.
 * After `limit` failures an address waits a minute, then twice as long after every further failure
 * (at most an hour). An account over the limit holds back only the addresses that failed on it: one
 * address's failures never lock out another address, so the owner still signs in from elsewhere.
 * Counts are forgotten after a quiet quarter of an hour past the last back-off.
 */
const BASE_LOCK_MS = 60_000;
const MAX_LOCK_MS = 60 * 60_000;
const QUIET_MS = 15 * 60_000;
const UNKNOWN_ADDRESS = 'unknown';

export type TSignInAttempt = { email: string; address: string | null };
export type TSignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function lockMs(failures: number, limit: number): number {
  return failures < limit ? 0 : Math.min(BASE_LOCK_MS * 2 ** (failures - limit), MAX_LOCK_MS);
}

function attemptKeys({ email, address }: TSignInAttempt) {
  const account = email.trim().toLowerCase().slice(0, 320);
  const from = address ?? UNKNOWN_ADDRESS;
  return { address: `address:${from}`, account: `account:${account}`, pair: `pair:${account}|${from}` };
}

type TCount = { failures: number; lastFailureAt: Date };

/** The failures still remembered at `now`. */
function liveFailures(row: TCount | undefined, limit: number, now: number): number {
  if (!row) return 0;
  return now - row.lastFailureAt.getTime() >= lockMs(row.failures, limit) + QUIET_MS ? 0 : row.failures;
}

export async function checkSignInAttempt(db: Database, attempt: TSignInAttempt, limit: number, now = Date.now()): Promise<TSignInVerdict> {
  const keys = attemptKeys(attempt);
  const rows = await db.select().from(signInFailures).where(inArray(signInFailures.key, [keys.address, keys.account, keys.pair]));
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const addressRow = byKey.get(keys.address);
  const pairRow = byKey.get(keys.pair);
  const addressFailures = liveFailures(addressRow, limit, now);
  const accountFailures = liveFailures(byKey.get(keys.account), limit, now);
  const pairFailures = liveFailures(pairRow, limit, now);
  let lockedUntil = 0;
  if (addressRow && addressFailures >= limit) lockedUntil = addressRow.lastFailureAt.getTime() + lockMs(addressFailures, limit);
  if (pairRow && pairFailures > 0 && accountFailures >= limit) {
    lockedUntil = Math.max(lockedUntil, pairRow.lastFailureAt.getTime() + lockMs(accountFailures, limit));
  }
  if (lockedUntil <= now) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) };
}

/** One more failure on each count (atomic per row, so concurrent guesses are all counted). */
export async function recordSignInFailure(db: Database, attempt: TSignInAttempt, limit: number, now = Date.now()): Promise<void> {
  const keys = attemptKeys(attempt);
  const at = new Date(now);
  const previous = signInFailures.lastFailureAt;
  const lock = sql`case when ${signInFailures.failures} >= ${limit} then least(${BASE_LOCK_MS} * power(2, ${signInFailures.failures} - ${limit}), ${MAX_LOCK_MS}) else 0 end`;
  await db
    .insert(signInFailures)
    .values([keys.address, keys.account, keys.pair].map((key) => ({ key, failures: 1, lastFailureAt: at })))
    .onConflictDoUpdate({
      target: signInFailures.key,
      set: {
        failures: sql`case when extract(epoch from (excluded.last_failure_at - ${previous})) * 1000 >= ${lock} + ${QUIET_MS} then 1 else ${signInFailures.failures} + 1 end`,
        lastFailureAt: sql`excluded.last_failure_at`,
      },
    });
}

/** The right password from an address clears that address's failures on that account (not the address's own count). */
export async function recordSignInSuccess(db: Database, attempt: TSignInAttempt): Promise<void> {
  await db.delete(signInFailures).where(inArray(signInFailures.key, [attemptKeys(attempt).pair]));
}
