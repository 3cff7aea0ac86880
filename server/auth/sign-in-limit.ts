import { asc, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { signInFailures } from '@/db/schema';

/**
 * Failed sign-ins back off, counted three ways: by client address (one address guessing across
 * accounts), by account (many addresses guessing one account), and by account and address together.
 * After `limit` failures an address waits a minute, then twice as long after every further failure
 * (at most an hour). An account over the limit holds back only the addresses that failed on it: one
 * address's failures never lock out another address, so the owner still signs in from elsewhere.
 * Counts are forgotten after a quiet quarter of an hour past the last back-off.
 *
 * An attempt is counted as a failure when it starts, under row locks, and taken back if the password
 * was right: parallel guesses cannot all pass the check before the first failure is written.
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

type TCount = { key: string; failures: number; lastFailureAt: Date };

/** The failures still remembered at `now`. */
function liveFailures(row: TCount | undefined, limit: number, now: number): number {
  if (!row) return 0;
  return now - row.lastFailureAt.getTime() >= lockMs(row.failures, limit) + QUIET_MS ? 0 : row.failures;
}

function decide(rows: TCount[], keys: ReturnType<typeof attemptKeys>, limit: number, now: number): TSignInVerdict {
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const addressRow = byKey.get(keys.address);
  const pairRow = byKey.get(keys.pair);
  const addressFailures = liveFailures(addressRow, limit, now);
  const accountFailures = liveFailures(byKey.get(keys.account), limit, now);
  let lockedUntil = 0;
  if (addressRow && addressFailures >= limit) lockedUntil = addressRow.lastFailureAt.getTime() + lockMs(addressFailures, limit);
  if (pairRow && liveFailures(pairRow, limit, now) > 0 && accountFailures >= limit) {
    lockedUntil = Math.max(lockedUntil, pairRow.lastFailureAt.getTime() + lockMs(accountFailures, limit));
  }
  if (lockedUntil <= now) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) };
}

/** Whether this attempt may go ahead; when it may, it is counted as a failure until finishSignInAttempt says otherwise. */
export async function beginSignInAttempt(db: Database, attempt: TSignInAttempt, limit: number, now = Date.now()): Promise<TSignInVerdict> {
  const keys = attemptKeys(attempt);
  const keyList = [keys.address, keys.account, keys.pair].sort();
  return db.transaction(async (tx) => {
    // Rows exist (zero failures, long ago) so concurrent attempts queue on their locks, always in key order.
    await tx
      .insert(signInFailures)
      .values(keyList.map((key) => ({ key, failures: 0, lastFailureAt: new Date(0) })))
      .onConflictDoNothing();
    const rows = await tx.select().from(signInFailures).where(inArray(signInFailures.key, keyList)).orderBy(asc(signInFailures.key)).for('update');
    const verdict = decide(rows, keys, limit, now);
    if (!verdict.allowed) return verdict;
    for (const row of rows) {
      const failures = liveFailures(row, limit, now) + 1;
      await tx
        .update(signInFailures)
        .set({ failures, lastFailureAt: new Date(now) })
        .where(sql`${signInFailures.key} = ${row.key}`);
    }
    return verdict;
  });
}

/**
 * Settles an attempt begun with beginSignInAttempt: a wrong password stays counted; anything else
 * takes the count back, and the right password also clears that address's failures on the account.
 */
export async function finishSignInAttempt(db: Database, attempt: TSignInAttempt, outcome: 'wrong-password' | 'signed-in' | 'other'): Promise<void> {
  if (outcome === 'wrong-password') return;
  const keys = attemptKeys(attempt);
  await db
    .update(signInFailures)
    .set({ failures: sql`greatest(${signInFailures.failures} - 1, 0)` })
    .where(inArray(signInFailures.key, outcome === 'signed-in' ? [keys.address, keys.account] : [keys.address, keys.account, keys.pair]));
  if (outcome === 'signed-in') await db.delete(signInFailures).where(inArray(signInFailures.key, [keys.pair]));
}
